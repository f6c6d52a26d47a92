// Preloaded into every measured child (`node --import <this file> ...`): when the process exits, writes its own
// resource usage (peak RSS, CPU time) to the file named by BENCH_PROBE_FILE. /usr/bin/time is not on every
// machine; process.resourceUsage() is. Never prints anything else, so the measured stdout stays the tool's own.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_PROBE_FILE;
if (target) {
  process.on('exit', (code) => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({
        code,
        maxRssKb: usage.maxRSS,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      }),
    );
  });
}

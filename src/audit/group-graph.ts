/**
 * Groups inside groups. Looker gives each group its direct parents (GroupHierarchy.parent_group_ids from
 * search_groups_with_hierarchy) and leaves the transitive closure to the client (docs/looker-api.md, "Nested
 * groups"). A group is a member of its parents, so its members inherit the roles of every ancestor.
 *
 * Each group's ancestor closure is computed once, breadth-first (so the recorded path is a shortest one),
 * with a visited set (so cycles, which Looker's UI does not always prevent, neither hang nor repeat).
 */
import type { LookerGroup } from '../looker/types.js';

export interface GroupGraph {
  /** The group's name, or a stand-in for an id the snapshot does not list. */
  nameOf(groupId: string): string;
  group(groupId: string): LookerGroup | undefined;
  /**
   * Every group `groupId` belongs to, itself included, each with a shortest path of group ids from
   * `groupId` (first) up to that ancestor (last). Memoised.
   */
  ancestors(groupId: string): ReadonlyMap<string, readonly string[]>;
}

export function createGroupGraph(groups: readonly LookerGroup[]): GroupGraph {
  const byId = new Map<string, LookerGroup>();
  for (const g of groups) byId.set(g.id, g);
  const memo = new Map<string, ReadonlyMap<string, readonly string[]>>();

  function ancestors(start: string): ReadonlyMap<string, readonly string[]> {
    const cached = memo.get(start);
    if (cached) return cached;
    const paths = new Map<string, readonly string[]>([[start, [start]]]);
    const queue: string[] = [start];
    // Each group enters the queue at most once: the loop is bounded by the number of groups.
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i] as string;
      const path = paths.get(id) as readonly string[];
      for (const parent of byId.get(id)?.parentGroupIds ?? []) {
        if (paths.has(parent)) continue;
        paths.set(parent, [...path, parent]);
        queue.push(parent);
      }
    }
    memo.set(start, paths);
    return paths;
  }

  return {
    nameOf: (id) => byId.get(id)?.name ?? `group ${id}`,
    group: (id) => byId.get(id),
    ancestors,
  };
}

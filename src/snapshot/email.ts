/**
 * The one rule for "the same email" (`people` merging, `check`'s allowlist, the snapshot matcher of `diff` and
 * `check --baseline`, `explain <email>`): Unicode NFC, then surrounding blanks removed, then lower case. NFC makes
 * canonically equivalent spellings one (a precomposed `é` and `e` + U+0301; U+212A KELVIN SIGN, whose canonical
 * form is `K`); compatibility folding (NFKC) is not applied, so a full-width `ｋ` or a ligature `ﬁ` stays a
 * different character, as it is a different mailbox to any mail server that does not fold it.
 */
export function emailKey(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

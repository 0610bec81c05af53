/**
 * @mentions in comment bodies, pure. The body keeps what the user sees ("@Lucas Martin, tu peux
 * …"), so notification excerpts read naturally; the comment's `mentions` column keeps the user
 * ids. Rendering finds each mentioned member's "@name" in the body and shows it as a mention.
 */

export type Mentionable = { readonly id: string; readonly name: string };

/** The server refuses more (comments_mentions_check). */
export const MAX_MENTIONS = 20;

/** Longest text after "@" still treated as a name being typed. */
const MAX_QUERY_LENGTH = 40;

export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/**
 * The mention being typed at the caret: the "@" that starts it (at the start or after a space)
 * and the text typed after it; null when the caret is not in one.
 */
export function findMentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && !/\s/.test(before[at - 1] ?? '')) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY_LENGTH || /[\n@]/.test(query) || /^\s/.test(query)) return null;
  return { start: at, query };
}

/** Members whose name (or one of its words) starts with the query, accents and case ignored. */
export function filterMentionables(members: readonly Mentionable[], query: string, limit = 8): Mentionable[] {
  const folded = foldText(query.trim());
  return members
    .filter((member) => {
      if (folded === '') return true;
      const name = foldText(member.name);
      return name.startsWith(folded) || name.split(/\s+/).some((word) => word.startsWith(folded));
    })
    .slice(0, limit);
}

/** Replaces the typed "@que" (from `start` to `caret`) with "@Full Name " and puts the caret after it. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/**
 * The ids of the candidates whose "@name" is in the body (each once, in candidate order, at most
 * MAX_MENTIONS): a mention picked then erased is not sent.
 */
export function collectMentions(body: string, candidates: readonly Mentionable[]): string[] {
  const ids: string[] = [];
  for (const candidate of candidates) {
    if (ids.length >= MAX_MENTIONS) break;
    if (candidate.name !== '' && !ids.includes(candidate.id) && body.includes(`@${candidate.name}`)) {
      ids.push(candidate.id);
    }
  }
  return ids;
}

export type BodySegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'mention'; readonly id: string; readonly name: string };

/** Splits a body into text and the mentions of these members (longest names first: "@Anne-Marie" over "@Anne"). */
export function splitBody(body: string, mentioned: readonly Mentionable[]): BodySegment[] {
  const names = mentioned.filter((member) => member.name !== '').sort((a, b) => b.name.length - a.name.length);
  const segments: BodySegment[] = [];
  let text = '';
  let index = 0;
  while (index < body.length) {
    const match = body[index] === '@' ? names.find((member) => body.startsWith(`@${member.name}`, index)) : undefined;
    if (match) {
      if (text) segments.push({ kind: 'text', text });
      text = '';
      segments.push({ kind: 'mention', id: match.id, name: match.name });
      index += match.name.length + 1;
    } else {
      text += body[index];
      index += 1;
    }
  }
  if (text) segments.push({ kind: 'text', text });
  return segments;
}

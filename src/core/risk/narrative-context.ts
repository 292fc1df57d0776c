/**
 * Tells a risky command that is *reported* (an incident write-up: "someone ran `rm -rf` on the wrong host") or
 * *warned against* ("never run `kubectl delete`") from one that is *advised*. Only prose counts: a command inside a
 * fenced code block or on a shell-prompt line is always treated as advice.
 */

const PAST_OR_ACCIDENTAL =
  /\b(?:ran|had run|was run|were run|got run|executed|had executed|accidentally|mistakenly|inadvertently|erroneously|by mistake|unintentionally)\b/i;
const NEGATION_BEFORE =
  /\b(?:never|don't|do not|doesn't|does not|didn't|did not|shouldn't|should not|must not|mustn't|avoid|avoiding|instead of|rather than|without|not to)\b(?:\s+\S+){0,3}\s*[`'"(]*$/i;
const PASSIVE_AFTER =
  /^[`'")\s]*[^.!?\n]{0,60}?\b(?:was|were|had been|got)\s+(?:run|executed|applied|issued|used)\b/i;

export type NarrativeTest = (start: number, end: number) => boolean;

/** Builds the test for one text (the positions of its code fences are found once). */
export function narrativeTest(text: string): NarrativeTest {
  const fences = [...text.matchAll(/^[ \t]*```/gm)].map((match) => match.index);
  const insideFencedCode = (index: number): boolean =>
    fences.filter((fence) => fence < index).length % 2 === 1;
  return (start, end) => {
    if (insideFencedCode(start)) return false;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (
      /^\s*(?:\$|#|>>>|PS>|mysql>|postgres=[#>]|\w+@[\w.-]+:\S*[$#])\s/.test(text.slice(lineStart, start + 1))
    ) {
      return false;
    }
    const before = sentenceBefore(text, start);
    if (PAST_OR_ACCIDENTAL.test(before) || NEGATION_BEFORE.test(before)) return true;
    return PASSIVE_AFTER.test(text.slice(end, end + 120));
  };
}

/** The current sentence up to `index`: back to the last sentence end or line break, at most 240 characters. */
function sentenceBefore(text: string, index: number): string {
  const window = text.slice(Math.max(0, index - 240), index);
  let cut = 0;
  for (const match of window.matchAll(/[.!?](?=\s)|\n/g)) cut = match.index + 1;
  return window.slice(cut);
}

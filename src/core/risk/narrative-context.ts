/**
 * Tells risky advice that is *reported* (an incident write-up: "someone ran `rm -rf` on the wrong host", "on March 3
 * an engineer granted roles/owner to the contractors") or *warned against* ("never run `kubectl delete`", "don't make
 * the bucket public") from advice that is *given*. Code is advice, not narration: a command in a fenced block or on a
 * shell-prompt line counts as advised, unless the line that introduces the block says it is what went wrong or what
 * not to do.
 */

const PAST_OR_ACCIDENTAL =
  /\b(?:ran|had run|was run|were run|got run|executed|had executed|accidentally|mistakenly|inadvertently|erroneously|by mistake|unintentionally|post-?mortem|root cause|incident|outage|last (?:week|month|year|quarter|time|night|friday)|yesterday|back in|in 20\d\d|used to|previously|originally|said to|was configured|had configured|(?:someone|somebody|an? (?:engineer|admin|contractor|intern|developer|dev|sre|teammate|colleague|user)|the (?:team|intern|contractor|engineer|vendor|on-?call)|we|they|he|she|our \w+)\s+(?:had\s+|once\s+|then\s+|just\s+)?(?:granted|gave|made|opened|set|deleted|dropped|pushed|force-pushed|disabled|attached|added|shared|turned|left|exposed|pasted|posted|changed|flipped|applied|assigned|bound|created|copied|moved|wiped|removed|truncated|switched|committed|uploaded|ran|typed))\b/i;
const NEGATION =
  /\b(?:never|don't|dont|do not|doesn't|does not|didn't|did not|shouldn't|should not|must not|mustn't|can't|cannot|won't|avoid|avoiding|instead of|rather than|not to|no need to|resist|refrain from|stop|please don't|not recommended|bad idea|anti-?pattern|dangerous|tempting|tempted|mistake|pitfall|is not the fix|not the (?:right )?(?:fix|answer|way))\b/gi;
const PASSIVE_AFTER =
  /^[`'")\s]*[^.!?\n]{0,60}?\b(?:(?:is|are|was|were)\s+(?:not|never)\s+(?:the|a|recommended|needed|necessary|required|safe|an option|allowed)|(?:was|were|had been|got)\s+(?:run|executed|applied|issued|used|granted|set|made|opened|deleted|dropped|pushed|disabled|shared))\b/i;
const WARNING_INTRO =
  /\b(?:never|don't|do not|avoid|not recommended|bad|wrong|dangerous|anti-?pattern|what (?:went wrong|happened|caused)|caused|the offending|was run|were run|ran|had run|(?:had|was|were) (?:applied|deployed|set)|used to (?:be|look|say)|before the fix|previously|incident|instead of)\b/i;
/** "Last time we ran this and it worked:" reports a past run as a recommendation. */
const WORKED =
  /\b(?:worked|works|fixed it|fixes it|did the trick|solved|helped|what you (?:need|want)|try this|run this)\b/i;
const PROMPT_LINE = /^\s*(?:\$|#|>>>|PS>|mysql>|postgres=[#>]|\w+@[\w.-]+:\S*[$#])\s/;

export type NarrativeTest = (start: number, end: number) => boolean;

/** Builds the test for one text (the positions of its code fences are found once). */
export function narrativeTest(text: string): NarrativeTest {
  const fences = [...text.matchAll(/^[ \t]*```/gm)].map((match) => match.index);
  const openingFence = (index: number): number | undefined => {
    const before = fences.filter((fence) => fence < index);
    return before.length % 2 === 1 ? before[before.length - 1] : undefined;
  };
  return (start, end) => {
    const fence = openingFence(start);
    if (fence !== undefined) {
      const intro = introOf(text, fence);
      return WARNING_INTRO.test(intro) && !WORKED.test(intro);
    }
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (PROMPT_LINE.test(text.slice(lineStart, start + 1))) return false;
    const before = sentenceBefore(text, start);
    if (PAST_OR_ACCIDENTAL.test(before)) return true;
    const negation = lastMatch(before);
    // The negation must govern this clause: "don't be tempted to just grant …", not "if that doesn't work, grant …".
    if (negation !== undefined && !/[,;:]|\bbut\b/.test(before.slice(negation))) return true;
    return PASSIVE_AFTER.test(text.slice(end, end + 120));
  };
}

/** The prose right before a code fence (its last two lines, up to 200 characters). */
function introOf(text: string, fence: number): string {
  const before = text.slice(Math.max(0, fence - 200), fence).trimEnd();
  const lines = before.split('\n');
  return lines.slice(-2).join(' ');
}

function lastMatch(text: string): number | undefined {
  let last: number | undefined;
  for (const match of text.matchAll(NEGATION)) last = match.index + match[0].length;
  return last;
}

/** The current sentence up to `index`: back to the last sentence end or line break, at most 240 characters. */
function sentenceBefore(text: string, index: number): string {
  const window = text.slice(Math.max(0, index - 240), index);
  let cut = 0;
  for (const match of window.matchAll(/[.!?](?=\s)|\n/g)) cut = match.index + 1;
  return window.slice(cut);
}

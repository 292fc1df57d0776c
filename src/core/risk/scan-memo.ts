/**
 * The results of a pure scan of recent texts, least recently used out first, bounded by entries and by the total
 * length of the texts kept. A flow asks for the secret scan of the same texts several times (the review, then the
 * redaction of each audit event that carries the question or the text); under load, hundreds of other flows' texts
 * are scanned in between, so the memo must hold a few hundred flows' worth to be of use.
 */
export interface ScanMemoLimits {
  /** Most texts kept. */
  entries: number;
  /** Most characters kept, over all texts. */
  chars: number;
}

/** ~500 flows at two texts each; 2 M characters are ~4 MB of strings, most of them held by live drafts anyway. */
export const DEFAULT_SCAN_MEMO: ScanMemoLimits = { entries: 1_024, chars: 2_000_000 };

export class ScanMemo<T> {
  readonly #kept = new Map<string, Promise<T>>();
  #chars = 0;

  constructor(private readonly limits: ScanMemoLimits = DEFAULT_SCAN_MEMO) {}

  /**
   * The remembered result for `text`, or `scan(text)` remembered. A scan that rejects is forgotten, and so is a
   * result that `keep` refuses (a transient failure reported as a value, to be retried next time).
   */
  get(text: string, scan: (text: string) => Promise<T>, keep?: (result: T) => boolean): Promise<T> {
    const kept = this.#kept.get(text);
    if (kept !== undefined) {
      // Most recently used goes last.
      this.#kept.delete(text);
      this.#kept.set(text, kept);
      return kept;
    }
    const found = scan(text);
    if (text.length > this.limits.chars) return found;
    this.#kept.set(text, found);
    this.#chars += text.length;
    found.then(
      (result) => {
        if (keep && !keep(result)) this.#forget(text, found);
      },
      () => this.#forget(text, found),
    );
    while (this.#kept.size > this.limits.entries || this.#chars > this.limits.chars) {
      const oldest = this.#kept.keys().next().value;
      if (oldest === undefined) break;
      this.#forget(oldest);
    }
    return found;
  }

  get size(): number {
    return this.#kept.size;
  }

  get chars(): number {
    return this.#chars;
  }

  #forget(text: string, only?: Promise<T>): void {
    const kept = this.#kept.get(text);
    if (kept === undefined || (only !== undefined && kept !== only)) return;
    this.#kept.delete(text);
    this.#chars -= text.length;
  }
}

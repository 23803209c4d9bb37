/** Bounds of what a webview may send, in one place: anything bigger is not a message of ours. */
export const LIMITS = {
  /** Chart width in pixels. */
  width: 10_000,
  chosenMetrics: 100,
  /** A name, key or path in a message. */
  text: 1_000,
  /** Runs in one comparison. */
  runs: 1_000,
  /** Text a webview asks the host to copy to the clipboard. */
  copiedText: 10_000,
} as const;

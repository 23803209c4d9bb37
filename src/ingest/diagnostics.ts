/** A problem found in a run source: which file, which line, what was wrong. The import goes on. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Absolute path of the file (or folder) at fault. */
  file: string;
  /** 1-based line, when the problem is on a line. */
  line?: number;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}${d.line === undefined ? '' : `:${d.line}`}: ${d.severity}: ${d.message}`;
}

/** Collects diagnostics and passes each on as it is found (the CLI prints them, the extension logs them). */
export class DiagnosticSink {
  readonly all: Diagnostic[] = [];

  constructor(private readonly onReport: (d: Diagnostic) => void = () => {}) {}

  report(d: Diagnostic): void {
    this.all.push(d);
    this.onReport(d);
  }

  error(file: string, message: string, line?: number): void {
    this.report({ severity: 'error', file, message, ...(line === undefined ? {} : { line }) });
  }

  warning(file: string, message: string, line?: number): void {
    this.report({ severity: 'warning', file, message, ...(line === undefined ? {} : { line }) });
  }
}

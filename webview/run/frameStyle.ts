/**
 * The stylesheet of the sandboxed frame that shows an HTML artifact or a rendered Markdown file.
 * The frame cannot see the page's --vscode-* variables, nor load the page's files (its origin is
 * opaque): the page puts their current values and these rules in one `<style>` of the frame, and
 * makes the frame again when the theme changes. The fallbacks are the default light theme's.
 */
export const FRAME_RULES = `
body {
  margin: 0;
  padding: 12px 16px;
  font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  font-size: var(--vscode-font-size, 13px);
  line-height: 1.5;
  color: var(--vscode-editor-foreground, #1f1f1f);
  background: var(--vscode-editor-background, #ffffff);
}
a { color: var(--vscode-textLink-foreground, #006ab1); }
pre, code { font-family: var(--vscode-editor-font-family, ui-monospace, "SF Mono", Consolas, monospace); }
pre { padding: 8px; overflow: auto; background: var(--vscode-textCodeBlock-background, rgba(127, 127, 127, 0.1)); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--vscode-editorWidget-border, rgba(127, 127, 127, 0.35)); padding: 2px 8px; }
img { max-width: 100%; }
`;

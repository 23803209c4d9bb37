import { html, type TemplateResult } from 'lit';
import * as l10n from '@vscode/l10n';

/**
 * A slider over the logged steps (not a number range: steps may be uneven), a native range input so
 * the keyboard moves it as any slider (arrows, Page Up/Down, Home, End) and a screen reader says the
 * step, not the position.
 */
export function stepSlider(id: string, label: string, steps: readonly number[], step: number, choose: (step: number) => void): TemplateResult {
  const index = Math.max(0, steps.indexOf(step));
  const text = l10n.t('Step {0} ({1} of {2})', step, index + 1, steps.length);
  return html`<div class="step-slider">
    <label for=${id}>${label}</label>
    <input
      type="range"
      id=${id}
      min="0"
      max=${steps.length - 1}
      step="1"
      .value=${String(index)}
      aria-valuetext=${text}
      ?disabled=${steps.length < 2}
      @input=${(event: Event) => choose(steps[Number((event.target as HTMLInputElement).value)]!)}
    />
    <output for=${id}>${text}</output>
  </div>`;
}

/** Pixels between the pointer and the tooltip. */
const GAP = 16;

/**
 * A tooltip that follows the pointer, kept inside the panel: beside the pointer, on its left when
 * there is no room on its right, and above it when none below. Never under the pointer, so that it
 * takes no events from the chart.
 */
export class PointerTip {
  private element: HTMLElement | undefined;

  show(content: HTMLElement, clientX: number, clientY: number): void {
    const tip = this.element ?? this.make();
    tip.replaceChildren(content);
    tip.hidden = false;
    const { width, height } = tip.getBoundingClientRect();
    const room = { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight };
    const left = clientX + GAP + width <= room.width ? clientX + GAP : Math.max(0, clientX - GAP - width);
    const top = Math.max(0, Math.min(clientY + GAP, room.height - height));
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  }

  hide(): void {
    if (this.element) this.element.hidden = true;
  }

  dispose(): void {
    this.element?.remove();
    this.element = undefined;
  }

  private make(): HTMLElement {
    const tip = document.createElement('div');
    tip.className = 'chart-tooltip pointer-tip';
    tip.setAttribute('role', 'tooltip');
    document.body.append(tip);
    this.element = tip;
    return tip;
  }
}

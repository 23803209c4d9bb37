import type { ComparePanelState, FromCompareWebview } from '../../protocol/compare';

/** The messages that only change what the user chose; the panel re-posts its state after each. */
export type ChoiceMessage = Extract<
  FromCompareWebview,
  { type: 'chooseMetrics' | 'setXAxis' | 'resetZoom' | 'setBaseline' | 'setOnlyDifferences' | 'setDirection' | 'sortRuns' | 'setCodeRun' }
>;

/** The comparison after a choice. A run that is not in the comparison is no choice at all. */
export function applyChoice(state: ComparePanelState, message: ChoiceMessage): ComparePanelState {
  switch (message.type) {
    case 'chooseMetrics':
      return { ...state, chosenMetrics: message.metrics };
    case 'setXAxis':
      // A zoom is a range of the old axis: it means nothing on the new one.
      return { ...state, xAxis: message.axis, zoom: null };
    case 'resetZoom':
      return { ...state, zoom: null };
    case 'setBaseline':
      return state.runIds.includes(message.runId) ? { ...state, baselineRunId: message.runId } : state;
    case 'setOnlyDifferences':
      return { ...state, onlyDifferences: message.on };
    case 'setDirection': {
      const others = Object.fromEntries(Object.entries(state.directions).filter(([metric]) => metric !== message.metric));
      return { ...state, directions: message.direction === null ? others : { ...others, [message.metric]: message.direction } };
    }
    case 'sortRuns':
      return { ...state, sort: message.sort };
    case 'setCodeRun':
      return state.runIds.includes(message.runId) ? { ...state, codeRunId: message.runId } : state;
    default: {
      const unhandled: never = message;
      return unhandled;
    }
  }
}

/** A new comparison of these runs: every choice at its default. */
export function newComparison(folder: string, runIds: readonly string[]): ComparePanelState {
  return {
    folder,
    runIds: [...runIds],
    baselineRunId: null,
    chosenMetrics: null,
    directions: {},
    onlyDifferences: true,
    sort: null,
    xAxis: 'step',
    zoom: null,
    codeRunId: null,
  };
}

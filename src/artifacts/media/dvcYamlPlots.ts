import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { isRecord } from '../../common/records';
import type { DvcPlotProps } from './dvcPlot';
import { readSmallText } from './mediaFiles';
import type { MediaSink } from './mediaSink';

/** A plot dvc.yaml declares by its data file's path (`- eval/roc.json: {x: fpr, y: tpr}`), relative to the dvc.yaml's folder. */
export interface FilePlotDeclaration {
  kind: 'file';
  rel: string;
  props: DvcPlotProps;
}

/** A top-level plot with an id of its own, drawn from fields of one or more files (`y: {file: field}`). */
export interface IdPlotDeclaration {
  kind: 'id';
  id: string;
  props: DvcPlotProps;
  /** One x field for every file, or one per file. */
  x: string | Record<string, string> | undefined;
  /** Fields to draw, by file. */
  y: Record<string, string[]>;
}

export type PlotDeclaration = FilePlotDeclaration | IdPlotDeclaration;

/**
 * The plots a folder's dvc.yaml declares: its top-level `plots:` and each stage's. None when the
 * folder has no dvc.yaml; a dvc.yaml that does not read, or an entry of the wrong shape, is a problem.
 */
export function readDvcYamlPlots(dir: string, sink: MediaSink): PlotDeclaration[] {
  const file = path.join(dir, 'dvc.yaml');
  if (!fs.existsSync(file)) return [];
  const text = readSmallText(dir, 'dvc.yaml', sink);
  if (text === null) return [];
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    sink.problem(file, `is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); its plots are not read`);
    return [];
  }
  const data: unknown = doc.toJS();
  if (!isRecord(data)) return [];
  const lists: [string, unknown][] = [['plots', data.plots]];
  if (isRecord(data.stages)) {
    for (const [name, stage] of Object.entries(data.stages)) if (isRecord(stage)) lists.push([`stages.${name}.plots`, stage.plots]);
  }
  const declarations: PlotDeclaration[] = [];
  for (const [where, list] of lists) {
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      sink.problem(file, `\`${where}\` is not a list; skipped`);
      continue;
    }
    for (const entry of list) {
      const declaration = declarationOf(entry);
      if (typeof declaration === 'string') sink.problem(file, `\`${where}\`: ${declaration}; skipped`);
      else declarations.push(declaration);
    }
  }
  return declarations;
}

/** One list entry: a path, or a one-key mapping of a path or id to its properties; a string says what is wrong. */
function declarationOf(entry: unknown): PlotDeclaration | string {
  if (typeof entry === 'string') return { kind: 'file', rel: entry, props: {} };
  if (!isRecord(entry) || Object.keys(entry).length !== 1) return `an entry is neither a path nor a mapping of one plot (${JSON.stringify(entry)})`;
  const [key, value] = Object.entries(entry)[0]!;
  if (value === null) return { kind: 'file', rel: key, props: {} };
  if (!isRecord(value)) return `plot "${key}" has properties that are not a mapping`;
  const props: DvcPlotProps = {
    template: text(value.template),
    title: text(value.title),
    xLabel: text(value.x_label),
    yLabel: text(value.y_label),
  };
  if (isRecord(value.y)) {
    const y: Record<string, string[]> = {};
    for (const [file, fields] of Object.entries(value.y)) {
      const list = fieldList(fields);
      if (list === undefined) return `plot "${key}" names fields of ${file} that are not a name or a list of names`;
      y[file] = list;
    }
    const x = typeof value.x === 'string' ? value.x : isRecord(value.x) ? stringValues(value.x) : undefined;
    return { kind: 'id', id: key, props, x, y };
  }
  return { kind: 'file', rel: key, props: { ...props, x: text(value.x), y: fieldList(value.y) } };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function fieldList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

function stringValues(mapping: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArtifactRoot } from '../../core/artifacts/types';
import { errorMessage } from '../../core/errors';
import { pathInside } from '../../core/pathInside';
import { dvcFilePlot, plotFromRows, withDefaults, type DvcPlotProps } from './dvcPlot';
import { readDvcYamlPlots, type FilePlotDeclaration, type IdPlotDeclaration } from './dvcYamlPlots';
import { idPlot } from './idPlot';
import { checkedPath, isImageFile, listedPath, listFiles, readSmallJson, slashed } from './mediaFiles';
import { MediaSink } from './mediaSink';
import { PLOT_DATA_EXTENSIONS, readPlotRows } from './plotRows';
import { dvcliveImageKey } from './stepImages';

/** DVCLive's plot folders whose JSON files are plots (`plots/metrics` are metric histories, read by the importer). */
const PLOT_FOLDERS = ['plots/sklearn', 'plots/custom'];

/** The data files a declared plots folder is read for (images too). */

/** How far above a DVCLive folder its repository's root is looked for. */
const MAX_LEVELS_UP = 8;

/**
 * A DVCLive folder's plots (`plots/sklearn`, `plots/custom`, with the properties its dvc.yaml
 * gives them), the other plots that dvc.yaml declares, and its images (`plots/images`). DVCLive
 * writes dvc.yaml inside its folder or in its DVC project's, so both are read; a dvc.yaml's paths
 * are relative to its own folder, and read only inside it.
 */
export function readDvcliveMedia(root: ArtifactRoot, sink: MediaSink): void {
  const declared = dvcYamlDirs(root.dir).map((dir) => ({ dir, plots: readDvcYamlPlots(dir, sink) }));
  const propsByFile = new Map<string, DvcPlotProps>();
  for (const { dir, plots } of declared) {
    for (const plot of plots) if (plot.kind === 'file') propsByFile.set(path.resolve(dir, plot.rel), plot.props);
  }
  for (const folder of PLOT_FOLDERS) {
    for (const { rel } of listFiles(root.dir, folder, sink)) {
      if (path.extname(rel).toLowerCase() !== '.json') continue;
      readFolderPlot(root.dir, rel, propsByFile.get(path.join(root.dir, rel)) ?? {}, sink);
    }
  }
  for (const { dir, plots } of declared) {
    for (const plot of plots) {
      const files = plot.kind === 'file' ? [plot.rel] : Object.keys(plot.y);
      if (files.some((rel) => inOtherDvcliveFolder(path.resolve(dir, rel), root.dir, dir))) continue;
      if (plot.kind === 'id') readIdPlot(dir, plot, sink);
      else if (isFolder(path.resolve(dir, plot.rel))) readDeclaredFolder(root.dir, dir, plot, sink);
      else readDeclaredFile(root.dir, dir, plot, sink);
    }
  }
  for (const listed of listFiles(root.dir, 'plots/images', sink)) {
    if (!isImageFile(listed.rel)) continue;
    const file = listedPath(root.dir, listed, sink);
    if (file !== null) sink.addImage({ ...dvcliveImageKey(listed.rel.slice('plots/images/'.length)), file });
  }
}

/** The folders whose dvc.yaml describes a DVCLive folder's plots: its own, and its DVC project's. */
export function dvcYamlDirs(liveDir: string): string[] {
  const project = projectDir(liveDir);
  return project === null ? [liveDir] : [liveDir, project];
}

/**
 * The data and image files those dvc.yaml files declare as plots (absolute; a declared folder as
 * the folder), whether or not they exist. A dvc.yaml that does not read declares none here: the
 * media reader reports it.
 */
export function declaredPlotPaths(liveDir: string): string[] {
  const paths = new Set<string>();
  for (const dir of dvcYamlDirs(liveDir)) {
    for (const plot of readDvcYamlPlots(dir, new MediaSink())) {
      for (const rel of plot.kind === 'file' ? [plot.rel] : Object.keys(plot.y)) paths.add(path.resolve(dir, rel));
    }
  }
  return [...paths];
}

/**
 * The nearest folder above the DVCLive folder that holds a dvc.yaml, up to the repository's root
 * (the first folder above with `.dvc` or `.git`), never above it; without a repository in sight,
 * only the folder just above is looked at (DVCLive's default `dvclive/` beside dvc.yaml).
 */
function projectDir(liveDir: string): string | null {
  const ancestors: string[] = [];
  for (let dir = path.dirname(liveDir); ancestors.length < MAX_LEVELS_UP && dir !== ancestors.at(-1); dir = path.dirname(dir)) ancestors.push(dir);
  const repository = ancestors.findIndex((dir) => fs.existsSync(path.join(dir, '.dvc')) || fs.existsSync(path.join(dir, '.git')));
  const searched = repository === -1 ? ancestors.slice(0, 1) : ancestors.slice(0, repository + 1);
  return searched.find((dir) => fs.existsSync(path.join(dir, 'dvc.yaml'))) ?? null;
}

/**
 * Whether a file a project's dvc.yaml names lies in another DVCLive folder of the project (one
 * with a metrics.json or plots/metrics, the importer's test): its plots are that run's, as DVC's
 * example-get-started draws `eval/`'s ROC, not the training folder's.
 */
function inOtherDvcliveFolder(file: string, liveDir: string, projectDir: string): boolean {
  for (let dir = path.dirname(file); dir !== projectDir && pathInside(projectDir, dir) !== null; dir = path.dirname(dir)) {
    if (dir === liveDir) return false;
    if (fs.existsSync(path.join(dir, 'metrics.json')) || fs.existsSync(path.join(dir, 'plots', 'metrics'))) return true;
  }
  return false;
}

/** `plots/sklearn/roc.json` is `sklearn/roc`, whether or not a dvc.yaml names it, so runs line up. */
function readFolderPlot(dir: string, rel: string, props: DvcPlotProps, sink: MediaSink): void {
  const id = rel.slice('plots/'.length, -path.extname(rel).length);
  const file = path.join(dir, rel);
  const json = readSmallJson(dir, rel, sink);
  if (json === undefined) return;
  sink.orProblem(file, () => {
    const { title, data } = dvcFilePlot(json, props, path.basename(id));
    sink.addPlot({ id, title, file, data });
  });
}

/**
 * A data file dvc.yaml names outside DVCLive's plot folders (`eval/prc.json`), with its path as id,
 * as DVC shows it. Folders (DVCLive's metrics and images) are read elsewhere, and a file not
 * produced in this checkout is not there to show.
 */
function readDeclaredFile(dvcliveDir: string, yamlDir: string, plot: FilePlotDeclaration, sink: MediaSink): void {
  const file = path.resolve(yamlDir, plot.rel);
  if (PLOT_FOLDERS.some((folder) => pathInside(path.join(dvcliveDir, folder), file) !== null)) return;
  if (!isFile(file, sink)) return;
  const id = slashed(path.relative(yamlDir, file));
  if (isImageFile(id)) {
    // An image plot (`- eval/importance.png`); DVCLive's own images folder is listed below.
    if (pathInside(path.join(dvcliveDir, 'plots', 'images'), file) !== null) return;
    const checked = checkedPath(yamlDir, id, sink);
    if (checked !== null) sink.addImage({ key: id, step: null, file: checked });
    return;
  }
  if (sink.hasPlot(id)) return;
  const rows = readPlotRows(yamlDir, plot.rel, sink);
  if (rows === undefined) return;
  sink.orProblem(file, () => {
    const { title, data } = plotFromRows(rows, withDefaults(plot.props, {}), id);
    sink.addPlot({ id, title, file, data });
  });
}

/**
 * A folder dvc.yaml declares as plots (`- eval/plots:`): each JSON, CSV, TSV or image file in it,
 * read as a declared file keyed by its path, with the folder's properties. The DVCLive folder's
 * own files are read by the scan above (its `plots/metrics` are metric histories, not plots).
 */
function readDeclaredFolder(dvcliveDir: string, yamlDir: string, plot: FilePlotDeclaration, sink: MediaSink): void {
  for (const listed of listFiles(yamlDir, plot.rel, sink)) {
    if (!PLOT_DATA_EXTENSIONS.has(path.extname(listed.rel).toLowerCase()) && !isImageFile(listed.rel)) continue;
    if (pathInside(dvcliveDir, path.join(yamlDir, listed.rel)) !== null) continue;
    readDeclaredFile(dvcliveDir, yamlDir, { ...plot, rel: listed.rel }, sink);
  }
}

function readIdPlot(yamlDir: string, plot: IdPlotDeclaration, sink: MediaSink): void {
  if (sink.hasPlot(plot.id)) return;
  const dvcYaml = path.join(yamlDir, 'dvc.yaml');
  sink.orProblem(dvcYaml, () => {
    for (const made of idPlot(yamlDir, plot, sink)) sink.addPlot(made);
  });
}

function isFolder(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** Whether `file` is there to read; a path that cannot even be looked at is a problem. */
function isFile(file: string, sink: MediaSink): boolean {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch (error) {
    sink.problem(file, errorMessage(error));
    return false;
  }
}

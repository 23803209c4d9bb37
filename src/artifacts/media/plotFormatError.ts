/** A plot file whose content does not have the shape its kind needs; becomes a `problems` entry. */
export class PlotFormatError extends Error {
  override readonly name = 'PlotFormatError';
}

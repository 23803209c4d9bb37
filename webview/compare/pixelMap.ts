/** Where data lands on the plot in one frame: x linear (a value or time axis), y linear or logarithmic. */
export interface PixelMap {
  x(value: number): number;
  y(value: number): number;
  /** The x value at a horizontal pixel. */
  xAt(pixel: number): number;
}

type Point = readonly [number, number];

/**
 * The map through two data points `a` and `b` and the pixels the chart puts them at (ECharts'
 * convertToPixel, twice a frame rather than once a vertex). Each axis needs the points apart on it;
 * on one that is not, everything lies at `a`'s pixel.
 */
export function pixelMap(a: Point, aPixel: Point, b: Point, bPixel: Point, logY: boolean): PixelMap {
  const t = logY ? Math.log : (v: number) => v;
  const [ax, ay] = [a[0], t(a[1])];
  const xScale = b[0] === a[0] ? 0 : (bPixel[0] - aPixel[0]) / (b[0] - a[0]);
  const yScale = t(b[1]) === ay ? 0 : (bPixel[1] - aPixel[1]) / (t(b[1]) - ay);
  return {
    x: (value) => aPixel[0] + (value - ax) * xScale,
    y: (value) => aPixel[1] + (t(value) - ay) * yScale,
    xAt: (pixel) => (xScale === 0 ? ax : ax + (pixel - aPixel[0]) / xScale),
  };
}

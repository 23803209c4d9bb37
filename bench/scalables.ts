// The benchmarks `npm run bench -- scale` runs, in this order: one export line each.
export { activationScale } from './activationScale';

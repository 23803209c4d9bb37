export { isMlflowDb } from './detect';
export { importMlflowDb, type MlflowDbImportOptions } from './importMlflowDb';

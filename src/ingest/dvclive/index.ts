export { isDvcliveFolder } from './detect';
export { importDvclive } from './importDvclive';

import { modules } from '../modules';
import settings from './settings';

export default Object.assign({ settings }, ...modules.map((m) => m.controllers ?? {}));

import { modules } from '../modules';
import { answering } from './respond';

/** Every module's controllers, each action answering through `respond` (domain errors, `{ data }`). */
export default Object.fromEntries(modules.flatMap((m) => Object.entries(m.controllers ?? {})).map(([name, factory]) => [name, answering(factory)]));

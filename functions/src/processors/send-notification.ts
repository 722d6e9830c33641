import { PermanentError } from '../domain/errors';
import type { Processor } from './types';

export const sendNotification: Processor<'notification'> = async () => {
  throw new PermanentError('not_implemented', 'notification is not implemented yet');
};

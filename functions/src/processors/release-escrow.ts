import { PermanentError } from '../domain/errors';
import type { Processor } from './types';

export const releaseEscrow: Processor<'escrow_release'> = async () => {
  throw new PermanentError('not_implemented', 'escrow_release is not implemented yet');
};

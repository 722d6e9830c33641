import { PermanentError } from '../domain/errors';
import type { Processor } from './types';

export const refundEscrow: Processor<'escrow_refund'> = async () => {
  throw new PermanentError('not_implemented', 'escrow_refund is not implemented yet');
};

import { PermanentError } from '../domain/errors';
import type { Processor } from './types';

export const verifySubmissionContent: Processor<'content_verification'> = async () => {
  throw new PermanentError('not_implemented', 'content_verification is not implemented yet');
};

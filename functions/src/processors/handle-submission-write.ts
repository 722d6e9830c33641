/**
 * Reacts to a write of `submissions/{id}`: validates it, runs the approval when the business
 * approved it, and enqueues the follow-up tasks of its transition.
 */
import { submissionSchema } from '../domain/submission';
import { tasksForSubmissionChange } from '../domain/submission-transitions';
import { describeIssues } from '../domain/payloads';
import { approveSubmission } from './approve-submission';
import type { DocumentWrite } from './handle-bounty-write';
import { recordInvalidDocument } from './record-invalid-document';
import type { Services } from './types';

export async function handleSubmissionWrite(
  write: DocumentWrite,
  services: Services,
): Promise<void> {
  if (!write.after) return;

  const parsed = submissionSchema.safeParse(write.after);
  if (!parsed.success) {
    await recordInvalidDocument(services.db, {
      path: write.path,
      eventId: write.eventId,
      trigger: 'onSubmissionWritten',
      reason: `submission is invalid: ${describeIssues(parsed.error)}`,
      now: services.clock.now(),
    });
    return;
  }
  const submission = parsed.data;
  const beforeStatus = write.before?.status;
  const becameApproved = submission.status === 'approved' && beforeStatus !== 'approved';
  if (becameApproved) await approveSubmission(write.docId, submission, services);

  // Only these transitions mention the bounty (its owner, its title); other writes skip the read.
  const needsBounty =
    write.before === undefined || (submission.status === 'declined' && beforeStatus !== 'declined');
  const tasks = tasksForSubmissionChange({
    submissionId: write.docId,
    before: typeof beforeStatus === 'string' ? { status: beforeStatus as never } : null,
    after: submission,
    bounty: needsBounty ? await readBountyOwner(services, submission.bountyId) : null,
    occurredAt: write.occurredAt,
  });
  await Promise.all(tasks.map((task) => services.enqueue(task)));
}

async function readBountyOwner(services: Services, bountyId: string) {
  const bounty = await services.db.collection('bounties').doc(bountyId).get();
  if (!bounty.exists) return null;
  return { businessId: String(bounty.get('businessId')), title: String(bounty.get('title') ?? '') };
}

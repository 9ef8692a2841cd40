import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TransferDocument } from '@app/persistence';

export class RelationshipRequestCreatedView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
  @ApiProperty({ description: 'Shown only here: the customer accepts with it. Single use; expires (RELATIONSHIP_REQUEST_TTL).' }) acceptToken!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty() expiresAt!: Date;
}

export class RelationshipRequestAcceptedView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['accepted'] }) status!: 'accepted';
  @ApiProperty() customerId!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty() acceptedAt!: Date;
}

export type TransferViewStatus = 'pending' | 'submitted' | 'completed';

export class TransferView {
  @ApiProperty() id!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() sourcePartnerId!: string;
  @ApiProperty() targetPartnerId!: string;
  @ApiProperty() customerEmail!: string;
  @ApiProperty({ enum: ['pending', 'submitted', 'completed'], description: '`pending` again when a submission was refused: it may be submitted again' })
  status!: TransferViewStatus;
  @ApiProperty({ enum: ['incoming', 'outgoing'], description: 'For the caller: `incoming` when the subscriptions come to it (it is the target)' })
  direction!: 'incoming' | 'outgoing';
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ description: 'The submission\'s command' }) commandId?: string;
  @ApiPropertyOptional({ type: [String] }) subscriptionIds?: string[];
  @ApiPropertyOptional({ type: [String], description: 'The ids the subscriptions get on the target\'s side, in the same order' }) newSubscriptionIds?: string[];
  @ApiPropertyOptional() submittedAt?: Date;
  @ApiPropertyOptional() completedAt?: Date;
}

/**
 * A transfer as the caller sees it. A submission whose command failed leaves the transfer pending
 * (`commandStatus` of its command: 'failed'); one whose command succeeded is completed even before
 * the worker marked it so.
 */
export function transferView(doc: TransferDocument, partnerId: string, commandStatus?: string): TransferView {
  const status: TransferViewStatus = doc.status !== 'submitted' ? doc.status
    : commandStatus === 'succeeded' ? 'completed' : commandStatus === 'failed' ? 'pending' : 'submitted';
  const submitted = doc.commandId !== null && status !== 'pending';
  return {
    id: doc._id,
    customerId: doc.customerId,
    sourcePartnerId: doc.sourcePartnerId,
    targetPartnerId: doc.targetPartnerId,
    customerEmail: doc.customerEmail,
    status,
    direction: doc.targetPartnerId === partnerId ? 'incoming' : 'outgoing',
    createdAt: doc.createdAt,
    ...(submitted ? { commandId: doc.commandId as string, subscriptionIds: doc.subscriptionIds, newSubscriptionIds: doc.newSubscriptionIds } : {}),
    ...(submitted && doc.submittedAt ? { submittedAt: doc.submittedAt } : {}),
    ...(doc.completedAt ? { completedAt: doc.completedAt } : {}),
  };
}

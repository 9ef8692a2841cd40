import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { ID_PATTERN } from '../common/id.pipe';

export class AcceptRelationshipDto {
  @ApiProperty({ description: 'The acceptToken the relationship request was created with' })
  @IsString()
  @MaxLength(256)
  acceptToken!: string;
}

/** R-TRA-1: the target partner asks the customer's partner for its subscriptions. */
export class CreateTransferDto {
  @ApiProperty()
  @Matches(ID_PATTERN)
  customerId!: string;

  @ApiProperty({ description: 'The customer\'s current partner, which submits the transfer' })
  @Matches(ID_PATTERN)
  sourcePartnerId!: string;

  @ApiProperty({ description: 'Where the customer is notified' })
  @IsEmail()
  @MaxLength(256)
  customerEmail!: string;
}

/** Most subscriptions one transfer moves. */
export const MAX_TRANSFERRED = 100;

/** R-TRA-2: the source partner chooses which subscriptions move. */
export class SubmitTransferDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: MAX_TRANSFERRED })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TRANSFERRED)
  @ArrayUnique()
  @Matches(ID_PATTERN, { each: true })
  subscriptionIds!: string[];
}

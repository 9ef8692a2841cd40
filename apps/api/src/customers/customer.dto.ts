import { ApiPropertyOptional } from '@nestjs/swagger';
import { SEGMENTS, Segment } from '@app/domain';
import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { COUNTRY_FIELD, ID_FIELD, LICENSE_QUANTITY, listOf, NAME_FIELD, oneOf, OptionalField, RequiredField } from '../common/field.decorators';

export class LicensesHeldElsewhereDto {
  @RequiredField(ID_FIELD, { example: 'microsoft-365-e3' })
  offerId!: string;

  @RequiredField(LICENSE_QUANTITY)
  quantity!: number;
}

const HELD_ELSEWHERE = listOf(LicensesHeldElsewhereDto, 100);

export class CreateCustomerDto {
  @RequiredField(NAME_FIELD, { example: 'Fabrikam BV' })
  name!: string;

  @RequiredField(COUNTRY_FIELD, { description: 'ISO 3166-1 alpha-2 billing country' })
  country!: string;

  @RequiredField(oneOf(SEGMENTS))
  segment!: Segment;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(256)
  email?: string;

  @OptionalField(HELD_ELSEWHERE, { description: 'Base licenses held through other partners (R-ADD-CP)' })
  licensesHeldElsewhere?: LicensesHeldElsewhereDto[];
}

/** `PATCH /v1/customers/{id}`: at least one field; customer-wide add-on limits then count the new holdings. */
export class UpdateCustomerDto {
  @OptionalField(NAME_FIELD, { example: 'Fabrikam BV', minLength: 1, maxLength: 256 })
  name?: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 256 })
  @IsOptional()
  @IsEmail()
  @MaxLength(256)
  email?: string;

  @OptionalField(HELD_ELSEWHERE, { maxItems: 100, description: 'Replaces the list: base licenses held through other partners (R-ADD-CP)' })
  licensesHeldElsewhere?: LicensesHeldElsewhereDto[];
}

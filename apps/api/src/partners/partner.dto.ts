import { ApiProperty } from '@nestjs/swagger';
import { PARTNER_TYPES, PartnerType } from '@app/domain';
import { IsBoolean } from 'class-validator';
import { COUNTRY_FIELD, ID_FIELD, NAME_FIELD, oneOf, OptionalField, RequiredField } from '../common/field.decorators';

export class PutPartnerDto {
  @RequiredField(NAME_FIELD, { example: 'Contoso Cloud' })
  name!: string;

  @RequiredField(oneOf(PARTNER_TYPES))
  type!: PartnerType;

  @RequiredField(COUNTRY_FIELD, { description: 'ISO 3166-1 alpha-2' })
  country!: string;

  @ApiProperty()
  @IsBoolean()
  mpaSigned!: boolean;

  @OptionalField(ID_FIELD, { description: 'The indirect provider of an indirect reseller' })
  providerId?: string;
}

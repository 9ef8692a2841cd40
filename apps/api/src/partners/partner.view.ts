import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PARTNER_TYPES, PartnerType } from '@app/domain';
import { PartnerRecord } from '@app/persistence';

export class PartnerView {
  @ApiProperty() id!: string;
  @ApiProperty({ maxLength: 256 }) name!: string;
  @ApiProperty({ enum: PARTNER_TYPES }) type!: PartnerType;
  @ApiProperty({ pattern: '^[A-Z]{2}$', example: 'NL' }) country!: string;
  @ApiProperty() mpaSigned!: boolean;
  @ApiPropertyOptional({ description: 'The indirect provider of an indirect reseller' }) providerId?: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export function partnerView(partner: PartnerRecord): PartnerView {
  return {
    id: partner.id,
    name: partner.name,
    type: partner.type,
    country: partner.country,
    mpaSigned: partner.mpaSigned,
    ...(partner.providerId ? { providerId: partner.providerId } : {}),
    createdAt: partner.createdAt,
    updatedAt: partner.updatedAt,
  };
}

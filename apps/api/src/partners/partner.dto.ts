import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ID_PATTERN } from '../common/id.pipe';

export class PutPartnerDto {
  @ApiProperty({ example: 'Contoso Cloud' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  name!: string;

  @ApiProperty({ enum: ['direct-bill', 'indirect-provider', 'indirect-reseller'] })
  @IsIn(['direct-bill', 'indirect-provider', 'indirect-reseller'])
  type!: 'direct-bill' | 'indirect-provider' | 'indirect-reseller';

  @ApiProperty({ example: 'NL', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as NL' })
  country!: string;

  @ApiProperty()
  @IsBoolean()
  mpaSigned!: boolean;

  @ApiPropertyOptional({ description: 'The indirect provider of an indirect reseller' })
  @IsOptional()
  @Matches(ID_PATTERN)
  providerId?: string;
}

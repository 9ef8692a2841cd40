import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ID_PATTERN } from '../common/id.pipe';

export class LicensesHeldElsewhereDto {
  @ApiProperty({ example: 'microsoft-365-e3' })
  @Matches(ID_PATTERN)
  offerId!: string;

  @ApiProperty({ minimum: 1, maximum: 100000 })
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity!: number;
}

export class CreateCustomerDto {
  @ApiProperty({ example: 'Fabrikam BV' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  name!: string;

  @ApiProperty({ example: 'NL', description: 'ISO 3166-1 alpha-2 billing country' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as NL' })
  country!: string;

  @ApiProperty({ enum: ['commercial', 'education', 'government', 'nonprofit'] })
  @IsIn(['commercial', 'education', 'government', 'nonprofit'])
  segment!: 'commercial' | 'education' | 'government' | 'nonprofit';

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(256)
  email?: string;

  @ApiPropertyOptional({ type: [LicensesHeldElsewhereDto], description: 'Base licenses held through other partners (R-ADD-CP)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LicensesHeldElsewhereDto)
  licensesHeldElsewhere?: LicensesHeldElsewhereDto[];
}

/** `PATCH /v1/customers/{id}`: at least one field; customer-wide add-on limits then count the new holdings. */
export class UpdateCustomerDto {
  @ApiPropertyOptional({ example: 'Fabrikam BV', minLength: 1, maxLength: 256 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  name?: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 256 })
  @IsOptional()
  @IsEmail()
  @MaxLength(256)
  email?: string;

  @ApiPropertyOptional({ type: [LicensesHeldElsewhereDto], maxItems: 100, description: 'Replaces the list: base licenses held through other partners (R-ADD-CP)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LicensesHeldElsewhereDto)
  licensesHeldElsewhere?: LicensesHeldElsewhereDto[];
}

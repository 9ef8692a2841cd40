import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

/** Moves the sandbox clock forward: by a duration, or to an instant (exactly one of them). */
export class MoveClockDto {
  @ApiPropertyOptional({ example: 'P8D', description: 'ISO 8601 duration' })
  @IsOptional()
  @Matches(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/, { message: 'advanceBy must be an ISO 8601 duration such as P8D or PT2H' })
  advanceBy?: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  setTo?: string;
}

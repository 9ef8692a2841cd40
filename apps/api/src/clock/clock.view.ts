import { ApiProperty } from '@nestjs/swagger';

export class ClockView {
  @ApiProperty() now!: Date;
  @ApiProperty({ enum: ['system', 'sandbox'] }) mode!: 'system' | 'sandbox';
  @ApiProperty({ enum: ['ready', 'advancing'], description: '`advancing` while due work is being processed' }) status!: 'ready' | 'advancing';
}

export class ClockMovedView {
  @ApiProperty() now!: Date;
  @ApiProperty({ enum: ['ready', 'advancing'] }) status!: 'ready' | 'advancing';
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/domain';
import { COMMAND_STATUSES, CommandRepository, CommandStatus } from '@app/persistence';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { notFound } from '../common/api-error';
import { ID_PATTERN, IdPipe } from '../common/id.pipe';
import { PageQueryDto } from '../common/page-query.dto';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { CommandView, commandView } from './command.view';
import { ApiOk } from '../openapi/responses';
import { PageOf } from '../common/views';

export class CommandListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: COMMAND_STATUSES })
  @IsOptional()
  @IsIn(COMMAND_STATUSES)
  status?: CommandStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN)
  customerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN)
  subscriptionId?: string;
}

@ApiTags('commands')
@Controller('v1/commands')
export class CommandsController {
  constructor(private readonly commands: CommandRepository) {}

  @Get(':commandId')
  @ApiOperation({ operationId: 'getCommand', summary: 'Read a command: status, result or error with its facts' })
  @ApiOk(CommandView)
  @Permit('commands:read')
  async get(@CurrentPrincipal() principal: Principal, @Param('commandId', IdPipe) id: string) {
    const record = await this.commands.get(id);
    if (!record || record.partnerId !== partnerOf(principal)) throw notFound('command', id);
    return commandView(record);
  }

  @Get()
  @ApiOperation({ operationId: 'listCommands', summary: 'The partner\'s commands, newest first' })
  @ApiOk(PageOf(CommandView))
  @Permit('commands:read')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CommandListQueryDto) {
    const page = await this.commands.list(
      { partnerId: partnerOf(principal), status: query.status, customerId: query.customerId, subscriptionId: query.subscriptionId },
      query.limit ?? 50,
      query.cursor,
    );
    return { items: page.items.map(commandView), next: page.next };
  }
}

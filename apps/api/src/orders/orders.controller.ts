import { Body, Controller, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PlaceOrder, Principal } from '@app/domain';
import type { Response } from 'express';
import { idempotencyKey, isDryRun } from '../common/command-headers';
import { IdPipe } from '../common/id.pipe';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { CommandIntake } from '../commands/command-intake.service';
import { CommandResponder } from '../commands/command-responder';
import { CustomerAccess } from '../customers/customer-access';
import { DryRunService } from '../dry-run/dry-run.service';
import { PlaceOrderDto } from './order.dto';
import { ApiCommandResponses } from '../openapi/responses';

@ApiTags('orders')
@Controller('v1/customers/:customerId/orders')
export class OrdersController {
  constructor(
    private readonly access: CustomerAccess,
    private readonly intake: CommandIntake,
    private readonly responder: CommandResponder,
    private readonly dryRun: DryRunService,
  ) {}

  /** An order (cart): 202, then the worker creates every line's subscription or none (R-ORD-1). */
  @Post()
  @ApiOperation({ operationId: 'placeOrder', summary: 'Place an order: every line\'s subscription or none (R-ORD-1)' })
  @ApiCommandResponses()
  @HttpCode(202)
  @Permit('orders:place')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N (max 30)' })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  async place(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Body() body: PlaceOrderDto,
    @Query('dryRun') dryRun: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.access.visibleCustomer(principal, customerId);
    const commandId = this.intake.newCommandId();
    const subscriptionIds = body.lines.map(() => this.intake.newCommandId());
    const command: PlaceOrder = {
      type: 'place-order',
      commandId,
      customerId,
      orderId: commandId,
      lines: body.lines.map((line) => ({ ...line })),
      subscriptionIds,
      ...(body.resellerId ? { resellerId: body.resellerId } : {}),
      ...(body.additionalResellerIds ? { additionalResellerIds: body.additionalResellerIds } : {}),
      attestationAccepted: body.attestationAccepted === true,
    };
    if (isDryRun(dryRun)) {
      response.status(200);
      return this.dryRun.preview(principal, command, customerId);
    }
    const record = await this.intake.accept({
      command,
      principal,
      partnerId: partnerOf(principal),
      customerId,
      subscriptionIds,
      group: { kind: 'customer', id: customerId },
      idempotencyKey: idempotencyKey(key),
      request: { path: `/v1/customers/${customerId}/orders`, body },
    });
    return this.responder.reply(response, record, prefer);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/domain';
import { EventLog, WebhookRepository } from '@app/persistence';
import { APP_CONFIG, AppConfig, hostOf, newId, newWebhookSecret, refusedResolution, refusedUrl } from '@app/platform';
import type { Response } from 'express';
import { ApiError, notFound } from '../common/api-error';
import { ApiEmptyBody, EmptyBodyPipe } from '../common/empty-body.pipe';
import { IdPipe } from '../common/id.pipe';
import { PageQueryDto } from '../common/page-query.dto';
import { PageOf } from '../common/views';
import { ApiErrors, ApiOk } from '../openapi/responses';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { CreateWebhookDto } from './webhook.dto';
import { CreatedWebhookView, deliveryView, WebhookDeliveryView, webhookView, WebhookSecretView, WebhookView } from './webhook.view';

/** Webhook subscriptions (api.md, "Events and webhooks"); global-admin and admin-agent only (R-ROLE-1). */
@ApiTags('webhooks')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly events: EventLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ operationId: 'createWebhook', summary: 'Subscribe a URL to event types; the answer holds the signing secret, shown only now' })
  @ApiCreatedResponse({ type: CreatedWebhookView, headers: { Location: { description: '`/v1/webhooks/{id}`', schema: { type: 'string' } } } })
  @Permit('webhooks:manage')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateWebhookDto, @Res({ passthrough: true }) response: Response): Promise<CreatedWebhookView> {
    const url = await this.checkedUrl(body.url);
    const partnerId = partnerOf(principal);
    const now = new Date();
    const secret = newWebhookSecret();
    const webhook = {
      _id: newId(),
      partnerId,
      url: url.toString(),
      types: [...new Set(body.types)],
      description: body.description ?? null,
      secrets: [{ secret, createdAt: now, retiresAt: null }],
      // Events from now on: the places taken so far are behind it.
      cursor: await this.events.lastPlace(partnerId),
      createdAt: now,
      createdBy: principal.userId,
    };
    await this.webhooks.create(webhook);
    response.setHeader('Location', `/v1/webhooks/${webhook._id}`);
    return { ...webhookView(webhook, now), secret };
  }

  @Get()
  @ApiOperation({ operationId: 'listWebhooks', summary: "The partner's webhooks (without their secrets)" })
  @ApiOk(PageOf(WebhookView))
  @Permit('webhooks:manage')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    const page = await this.webhooks.list(partnerOf(principal), query.limit ?? 50, query.cursor);
    const now = new Date();
    return { items: page.items.map((doc) => webhookView(doc, now)), next: page.next };
  }

  @Get(':webhookId')
  @ApiOperation({ operationId: 'getWebhook', summary: 'A webhook (without its secret)' })
  @ApiOk(WebhookView)
  @Permit('webhooks:manage')
  async get(@CurrentPrincipal() principal: Principal, @Param('webhookId', IdPipe) id: string): Promise<WebhookView> {
    const doc = await this.webhooks.ofPartner(partnerOf(principal), id);
    if (!doc) throw notFound('webhook', id);
    return webhookView(doc, new Date());
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteWebhook', summary: 'Stop delivering to a webhook' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404)
  @Permit('webhooks:manage')
  async delete(@CurrentPrincipal() principal: Principal, @Param('webhookId', IdPipe) id: string): Promise<void> {
    if (!(await this.webhooks.delete(partnerOf(principal), id))) throw notFound('webhook', id);
  }

  @Post(':webhookId/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ operationId: 'rotateWebhookSecret', summary: 'A new signing secret; for 24 hours deliveries carry both signatures' })
  @ApiEmptyBody()
  @ApiOk(WebhookSecretView)
  @Permit('webhooks:manage')
  async rotate(
    @CurrentPrincipal() principal: Principal,
    @Param('webhookId', IdPipe) id: string,
    @Body(EmptyBodyPipe) _body: Record<string, never>,
  ): Promise<WebhookSecretView> {
    const secret = newWebhookSecret();
    if (!(await this.webhooks.rotate(partnerOf(principal), id, secret, new Date()))) throw notFound('webhook', id);
    return { secret };
  }

  @Get(':webhookId/deliveries')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: "A webhook's deliveries and their attempts, newest event first" })
  @ApiOk(PageOf(WebhookDeliveryView))
  @Permit('webhooks:manage')
  async deliveries(@CurrentPrincipal() principal: Principal, @Param('webhookId', IdPipe) id: string, @Query() query: PageQueryDto) {
    if (!(await this.webhooks.ofPartner(partnerOf(principal), id))) throw notFound('webhook', id);
    const page = await this.webhooks.deliveriesOf(id, query.limit ?? 50, query.cursor);
    return { items: page.items.map(deliveryView), next: page.next };
  }

  /** No server-side request forgery: the form of the URL, and where its host resolves now (checked again at each delivery). */
  private async checkedUrl(text: string): Promise<URL> {
    const refuse = (message: string) => new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'url', message }]);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw refuse('must be an absolute URL');
    }
    const allowPrivate = this.config.webhookAllowPrivateTargets;
    const refused = refusedUrl(url, allowPrivate) ?? (allowPrivate ? undefined : await refusedResolution(hostOf(url)));
    if (refused) throw refuse(`${refused} (webhooks go to public https: addresses only)`);
    return url;
  }
}

import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, Principal } from '@app/domain';
import {
  acceptTokenMatches,
  CustomerRepository,
  hashAcceptToken,
  newAcceptToken,
  RelationshipRequestRepository,
} from '@app/persistence';
import { APP_CONFIG, AppConfig, newId, ServiceClock } from '@app/platform';
import { ApiError, notFound } from '../common/api-error';
import { ApiEmptyBody, EmptyBodyPipe } from '../common/empty-body.pipe';
import { IdPipe } from '../common/id.pipe';
import { Permit, Public } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { AcceptRelationshipDto } from './transfer.dto';
import { RelationshipRequestAcceptedView, RelationshipRequestCreatedView } from './transfer.view';
import { ApiErrors, ApiOk } from '../openapi/responses';

/** Compared against when the request does not exist, so a missing one costs the same as a wrong token. */
const NO_HASH = hashAcceptToken('');

/**
 * A partner asks to be related to a customer; the customer accepts with the token given to the
 * partner (api.md "Transfers between partners"). Then the partner sees the customer (its own
 * subscriptions only, R-ROLE-2) and may request a transfer (R-TRA-1).
 */
@ApiTags('transfers')
@Controller('v1')
export class RelationshipRequestsController {
  constructor(
    private readonly requests: RelationshipRequestRepository,
    private readonly customers: CustomerRepository,
    private readonly clock: ServiceClock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'relationshipRequestTtlMs'>,
  ) {}

  @Post('customers/:customerId/relationship-requests')
  @HttpCode(201)
  @Permit('relationships:write')
  @ApiEmptyBody()
  @ApiOperation({ operationId: 'createRelationshipRequest', summary: 'Ask to be related to a customer (the partner that wants the customer); the token is shown only here' })
  @ApiCreatedResponse({ type: RelationshipRequestCreatedView })
  @ApiErrors(422)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('customerId', IdPipe) customerId: string,
    @Body(EmptyBodyPipe) _body: Record<string, never>,
  ): Promise<RelationshipRequestCreatedView> {
    const partnerId = partnerOf(principal);
    // The one request about a customer the caller does not see: it names the customer it wants.
    const record = await this.customers.get(customerId);
    if (!record) throw notFound('customer', customerId);
    const { customer } = record;
    if (customer.partnerId === partnerId || (customer.relationshipPartnerIds ?? []).includes(partnerId)) {
      throw new DomainError('TRANSFER_NOT_ALLOWED', 'Your organisation is already related to this customer.', { reason: 'ALREADY_RELATED' });
    }
    const now = await this.clock.now();
    const acceptToken = newAcceptToken();
    const id = newId();
    const expiresAt = new Date(now.getTime() + this.config.relationshipRequestTtlMs);
    await this.requests.insert({ _id: id, customerId, partnerId, status: 'pending', tokenHash: hashAcceptToken(acceptToken), expiresAt, createdAt: now, acceptedAt: null });
    return { id, status: 'pending', acceptToken, customerId, partnerId, expiresAt };
  }

  @Post('relationship-requests/:requestId/accept')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'acceptRelationshipRequest', summary: 'The customer accepts a relationship request (no partner token). A wrong, used or expired token is 404.' })
  @ApiOk(RelationshipRequestAcceptedView)
  @ApiErrors(404)
  async accept(@Param('requestId', IdPipe) id: string, @Body() body: AcceptRelationshipDto): Promise<RelationshipRequestAcceptedView> {
    const [request, now] = await Promise.all([this.requests.get(id), this.clock.now()]);
    const matches = acceptTokenMatches(body.acceptToken, request?.tokenHash ?? NO_HASH);
    const nothing = new ApiError(404, 'NOT_FOUND', `No relationship request ${id} waits for this token.`, [{ resource: 'relationship-request', id }]);
    if (!request || !matches || request.status !== 'pending' || request.expiresAt.getTime() <= now.getTime()) throw nothing;
    // Related first, then used up: a crash in between leaves a token that only repeats what it did.
    if (!(await this.customers.addRelationship(request.customerId, request.partnerId))) throw nothing;
    if (!(await this.requests.markAccepted(id, now))) throw nothing;
    return { id, status: 'accepted', customerId: request.customerId, partnerId: request.partnerId, acceptedAt: now };
  }
}

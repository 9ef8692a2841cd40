import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { offerAvailability, Principal } from '@app/domain';
import { CatalogRepository, PartnerRepository, SubscriptionRepository } from '@app/persistence';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { notFound } from '../common/api-error';
import { ID_PATTERN, IdPipe } from '../common/id.pipe';
import { Permit } from '../auth/permit.decorator';
import { CurrentPrincipal, partnerOf } from '../auth/principal.decorator';
import { CustomerAccess } from '../customers/customer-access';
import { offerView, OfferView } from './offer.view';
import { ApiErrors, ApiOk } from '../openapi/responses';
import { ListOf } from '../common/views';

export class OfferQueryDto {
  @ApiPropertyOptional({ enum: ['microsoft', 'partner'] })
  @IsOptional()
  @IsIn(['microsoft', 'partner'])
  publisher?: 'microsoft' | 'partner';

  @ApiPropertyOptional({ enum: ['license', 'usage'] })
  @IsOptional()
  @IsIn(['license', 'usage'])
  billingType?: 'license' | 'usage';

  @ApiPropertyOptional({ enum: ['enterprise', 'small-business', 'trial'] })
  @IsOptional()
  @IsIn(['enterprise', 'small-business', 'trial'])
  category?: 'enterprise' | 'small-business' | 'trial';

  @ApiPropertyOptional({ description: 'Only offers for this customer\'s segment, each with its availability (R-CAT-3)' })
  @IsOptional()
  @Matches(ID_PATTERN)
  customerId?: string;
}

/** The catalog (R-CAT-1): the whole list, filtered; for a customer, with what it may buy and why not. */
@ApiTags('catalog')
@Controller('v1/offers')
export class OffersController {
  constructor(
    private readonly catalogs: CatalogRepository,
    private readonly access: CustomerAccess,
    private readonly partners: PartnerRepository,
    private readonly subscriptions: SubscriptionRepository,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listOffers', summary: 'The catalog; with `customerId`, what the customer may buy and why not (R-CAT-1, R-CAT-3)' })
  @ApiOk(ListOf(OfferView))
  @ApiErrors(404)
  @Permit('offers:read')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: OfferQueryDto) {
    const catalog = await this.catalogs.current();
    const filter = { publisher: query.publisher, billingType: query.billingType, category: query.category };
    if (!query.customerId) return { items: catalog.offers(filter).map((offer) => offerView(offer)) };

    const { customer } = await this.access.visibleCustomer(principal, query.customerId);
    const [partner, held] = await Promise.all([this.partners.find(partnerOf(principal)), this.subscriptions.ofCustomer(customer.id)]);
    if (!partner) throw notFound('partner', partnerOf(principal));
    const offers = catalog.offers({ ...filter, segment: customer.segment });
    return { items: offers.map((offer) => offerView(offer, offerAvailability(offer, customer, partner, held))) };
  }

  @Get(':offerId')
  @ApiOperation({ operationId: 'getOffer', summary: 'Read an offer' })
  @ApiOk(OfferView)
  @Permit('offers:read')
  async get(@Param('offerId', IdPipe) id: string) {
    const offer = (await this.catalogs.current()).get(id);
    if (!offer) throw notFound('offer', id);
    return offerView(offer);
  }
}

import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PartnerRecord, PartnerRepository } from '@app/persistence';
import { ApiError, notFound } from '../common/api-error';
import { IdPipe } from '../common/id.pipe';
import { Permit } from '../auth/permit.decorator';
import { PutPartnerDto } from './partner.dto';

/** Partners are managed by the platform operator (api.md). */
@ApiTags('partners')
@ApiBearerAuth()
@Controller('v1/partners')
export class PartnersController {
  constructor(private readonly partners: PartnerRepository) {}

  @Put(':partnerId')
  @Permit('partners:manage')
  async put(@Param('partnerId', IdPipe) id: string, @Body() body: PutPartnerDto) {
    if (body.type === 'indirect-reseller' && !body.providerId) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'providerId', message: 'an indirect reseller names its indirect provider' }]);
    }
    if (body.providerId) {
      const provider = await this.partners.find(body.providerId);
      if (!provider || provider.type !== 'indirect-provider') {
        throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'providerId', message: 'must be a known indirect provider' }]);
      }
    }
    const { partner } = await this.partners.upsert({ id, ...body }, new Date());
    return partnerView(partner);
  }

  @Get(':partnerId')
  @Permit('partners:manage')
  async get(@Param('partnerId', IdPipe) id: string) {
    const partner = await this.partners.find(id);
    if (!partner) throw notFound('partner', id);
    return partnerView(partner);
  }
}

function partnerView(partner: PartnerRecord) {
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

import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PartnerRepository } from '@app/persistence';
import { ApiError, notFound } from '../common/api-error';
import { IdPipe } from '../common/id.pipe';
import { Permit } from '../auth/permit.decorator';
import { PutPartnerDto } from './partner.dto';
import { partnerView, PartnerView } from './partner.view';
import { ApiOk } from '../openapi/responses';

/** Partners are managed by the platform operator (api.md). */
@ApiTags('partners')
@Controller('v1/partners')
export class PartnersController {
  constructor(private readonly partners: PartnerRepository) {}

  @Put(':partnerId')
  @ApiOperation({ operationId: 'putPartner', summary: 'Create or replace a partner (operator)' })
  @ApiOk(PartnerView)
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
  @ApiOperation({ operationId: 'getPartner', summary: 'Read a partner (operator)' })
  @ApiOk(PartnerView)
  @Permit('partners:manage')
  async get(@Param('partnerId', IdPipe) id: string) {
    const partner = await this.partners.find(id);
    if (!partner) throw notFound('partner', id);
    return partnerView(partner);
  }
}

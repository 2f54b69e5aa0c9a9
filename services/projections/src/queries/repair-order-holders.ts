import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RepairOrderHolders } from '@warranty/platform';
import type { DataSource } from 'typeorm';
import { READ_MODELS_CONNECTION } from '../tokens';

/**
 * The service centers an order is assigned to now, from repair_queue: by unit, and by claim either
 * directly or through the claim's RMA. A reassigned order leaves its former center's view.
 */
@Injectable()
export class RepairQueueHolders implements RepairOrderHolders {
  constructor(@InjectDataSource(READ_MODELS_CONNECTION) private readonly db: DataSource) {}

  async forUnit(productId: string): Promise<readonly string[]> {
    return this.centers(
      `SELECT DISTINCT service_center_id FROM repair_queue WHERE product_id = $1`,
      [productId],
    );
  }

  async forClaim(claimId: string): Promise<readonly string[]> {
    return this.centers(
      `SELECT DISTINCT service_center_id FROM repair_queue
        WHERE claim_id = $1
           OR rma_id IN (SELECT rma_id FROM rma_queue WHERE claim_id = $1)`,
      [claimId],
    );
  }

  private async centers(sql: string, parameters: unknown[]): Promise<string[]> {
    const rows: Array<{ service_center_id: string }> = await this.db.query(sql, parameters);
    return rows.map((row) => row.service_center_id);
  }
}

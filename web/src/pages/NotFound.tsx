import { Card, EmptyState, Page } from '@shopify/polaris';
import { EMPTY_IMAGE } from '../lib/illustration';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <Card>
        <EmptyState heading="There's no page at this address" action={{ content: 'Go to workflows', url: '/' }} image={EMPTY_IMAGE}>
          <p>Check the URL and try again, or go back to your workflows.</p>
        </EmptyState>
      </Card>
    </Page>
  );
}

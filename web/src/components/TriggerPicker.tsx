import { Badge, BlockStack, Box, Button, Divider, InlineStack, Modal, Text, TextField } from '@shopify/polaris';
import { useState } from 'react';
import { api } from '../api/client';
import type { Catalog, CatalogGroup, ExtensionRef } from '../api/types';
import { groupSection } from '../lib/useCatalog';
import { ErrorBanner } from './States';

interface Props {
  open: boolean;
  onClose(): void;
  catalog: Catalog | null;
  selected: ExtensionRef | null;
  onSelect(ref: ExtensionRef): void;
}

/** Starts a connector's install: the server answers the app's install URL and the browser goes there. */
export async function startInstall(clientId: string) {
  const { redirect_url } = await api.post<{ redirect_url: string }>(`/connectors/${encodeURIComponent(clientId)}/install`);
  window.location.assign(redirect_url);
}

/** Every trigger, grouped by app: Shopify and Switchboard first, then each connector, installed before not installed. */
export function TriggerPicker({ open, onClose, catalog, selected, onSelect }: Props) {
  const [query, setQuery] = useState('');
  const [installError, setInstallError] = useState<unknown>(null);
  const [installing, setInstalling] = useState<string | null>(null);
  const q = query.trim().toLowerCase();
  const groups = (catalog?.groups ?? [])
    .map((g) => ({ ...g, triggers: g.triggers.filter((t) => !q || `${g.name} ${t.name} ${t.description ?? ''}`.toLowerCase().includes(q)) }))
    .filter((g) => g.triggers.length > 0);
  const installed = groups.filter((g) => g.installed);
  const notInstalled = groups.filter((g) => !g.installed);

  const install = async (g: CatalogGroup) => {
    setInstallError(null);
    setInstalling(g.app);
    try {
      await startInstall(g.app);
    } catch (err) {
      setInstallError(err);
      setInstalling(null);
    }
  };

  const renderGroup = (g: CatalogGroup) => (
    <Box key={g.app} paddingBlockEnd="300">
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center" wrap>
          <InlineStack gap="200" blockAlign="center">
            <Text as="h4" variant="headingSm">
              {groupSection(g)}
            </Text>
            {!g.installed && <Badge tone="attention">Not installed</Badge>}
          </InlineStack>
          {!g.installed && (
            <Button size="slim" onClick={() => install(g)} loading={installing === g.app} accessibilityLabel={`Install ${g.name}`}>
              Install
            </Button>
          )}
        </InlineStack>
        {g.triggers.map((t) => {
          const isSelected = selected?.app === g.app && selected.handle === t.handle;
          return (
            <Box key={t.handle} padding="300" borderWidth="025" borderColor={isSelected ? 'border-emphasis' : 'border'} borderRadius="200">
              <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                <BlockStack gap="050">
                  <Text as="span" fontWeight="semibold">
                    {t.name}
                  </Text>
                  {t.description && (
                    <Text as="span" tone="subdued" variant="bodySm">
                      {t.description}
                    </Text>
                  )}
                  {!g.installed && (
                    <Text as="span" tone="caution" variant="bodySm">
                      Install {g.name} to use this trigger.
                    </Text>
                  )}
                </BlockStack>
                {g.installed ? (
                  <Button
                    size="slim"
                    variant={isSelected ? 'primary' : 'secondary'}
                    onClick={() => {
                      onSelect({ app: g.app, handle: t.handle });
                      onClose();
                    }}
                    accessibilityLabel={`Select trigger ${t.name} (${groupSection(g)})`}
                  >
                    {isSelected ? 'Selected' : 'Select'}
                  </Button>
                ) : (
                  <Button size="slim" disabled accessibilityLabel={`Select trigger ${t.name} (${groupSection(g)}): unavailable, ${g.name} is not installed`}>
                    Select
                  </Button>
                )}
              </InlineStack>
            </Box>
          );
        })}
      </BlockStack>
    </Box>
  );

  return (
    <Modal open={open} onClose={onClose} title="Choose a trigger" size="large" secondaryActions={[{ content: 'Cancel', onAction: onClose }]}>
      <Modal.Section>
        <BlockStack gap="400">
          <ErrorBanner error={installError} title="The install could not start" onDismiss={() => setInstallError(null)} />
          <TextField label="Search triggers" labelHidden placeholder="Search triggers" value={query} onChange={setQuery} autoComplete="off" clearButton onClearButtonClick={() => setQuery('')} />
          <Text as="h3" variant="headingMd">
            Installed
          </Text>
          {installed.length === 0 ? (
            <Text as="p" tone="subdued">
              No installed trigger matches.
            </Text>
          ) : (
            installed.map(renderGroup)
          )}
          {notInstalled.length > 0 && (
            <>
              <Divider />
              <Text as="h3" variant="headingMd">
                Not installed
              </Text>
              <Text as="p" tone="subdued">
                Apps must be installed in this shop before their triggers can start a workflow.
              </Text>
              {notInstalled.map(renderGroup)}
            </>
          )}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

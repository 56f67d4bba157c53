// Key Vault in RBAC mode (no access policies) holding the provider API key and the webhook signing secret.
// The Function App reads them through app-setting references:
//   Providers__OpenAI__ApiKey = @Microsoft.KeyVault(SecretUri=<vaultUri>secrets/<name>/)
//   Notify__WebhookSecret     = @Microsoft.KeyVault(SecretUri=<vaultUri>secrets/<name>/)   (enableWebhooks only)
// A versionless SecretUri follows rotations without a redeploy.

@description('Region of the vault.')
param location string

@description('Vault name (3-24 characters, letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param keyVaultName string

@description('Name of the secret that holds the OpenAI API key.')
param openAiSecretName string = 'openai-api-key'

@description('OpenAI API key. Empty: the secret is not written by this deployment (set it with `az keyvault secret set`), so a redeploy never overwrites a key rotated by hand.')
@secure()
param openAiApiKey string = ''

@description('Name of the secret that holds the Standard Webhooks signing secret (whsec_…).')
param webhookSecretName string = 'webhook-secret'

@description('Webhook signing secret, "whsec_" + base64 of 24-64 random bytes. Empty: the secret is not written by this deployment (set it with `az keyvault secret set`), so a redeploy never overwrites a secret rotated by hand.')
@secure()
param webhookSecret string = ''

@description('Purge protection cannot be switched off once on; leave it on outside throw-away environments.')
param enablePurgeProtection bool = true

@description('Firewall: defaultAction (Allow|Deny), ipRanges (CIDR strings) and subnetIds let through when it is Deny.')
param network object = {
  defaultAction: 'Allow'
  ipRanges: []
  subnetIds: []
}

param tags object = {}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The property "does not accept false as its value" (VaultProperties docs): send true or leave it unset.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: network.defaultAction
      bypass: 'AzureServices'
      ipRules: [for range in network.ipRanges: { value: range }]
      virtualNetworkRules: [for subnetId in network.subnetIds: { id: subnetId }]
    }
  }
}

resource openAiSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(openAiApiKey)) {
  parent: vault
  name: openAiSecretName
  properties: {
    value: openAiApiKey
    contentType: 'text/plain'
  }
}

resource webhookSigningSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(webhookSecret)) {
  parent: vault
  name: webhookSecretName
  properties: {
    value: webhookSecret
    contentType: 'text/plain'
  }
}

output keyVaultName string = vault.name
output vaultUri string = vault.properties.vaultUri
// The reference string only names the secret; it carries no secret value.
output openAiApiKeyReference string = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${openAiSecretName}/)'
output webhookSecretReference string = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${webhookSecretName}/)'

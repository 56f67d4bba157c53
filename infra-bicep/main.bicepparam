using './main.bicep'

// Defaults for a first deployment into an empty resource group. Override on the command line, e.g.
//   --parameters main.bicepparam --parameters deployJobsSubscription=true

param namePrefix = 'bi'
param storageSkuName = 'Standard_LRS'

// Deliveries of a Service Bus job message before the broker dead-letters it (the engine's own work runs on the
// Durable task hub's queues, which need no parameter).
param maxDeliveryCount = 5

// Flex Consumption: runtime "dotnet-isolated" (the isolated worker app). Confirm the version string for your region:
//   az functionapp list-flexconsumption-runtimes --location <region> --runtime dotnet-isolated
param functionRuntimeVersion = '10.0'
param instanceMemoryMB = 2048
param maximumInstanceCount = 40

// false until the code is published and the host has started once: the subscription's webhook carries the
// blobs_extension system key, which exists only then, and Event Grid validates the endpoint on creation.
param deployJobsSubscription = false

// 02:00 UTC every day (Flex Consumption runs on Linux: timers are UTC).
param nightlySchedule = '0 0 2 * * *'

param openAiBaseUrl = 'https://api.openai.com/v1'
// Read from the environment at deployment time; never written into this file. Empty keeps the vault's value.
param openAiApiKey = readEnvironmentVariable('OPENAI_API_KEY', '')

// Webhook signing secret ("whsec_" + base64 of 24-64 random bytes), read from the environment like the key and
// written to Key Vault; empty keeps the vault's value. enableWebhooks writes Notify__WebhookSecret as a Key Vault
// reference: switch it on only once the secret is in the vault, or the app stops at start (infra-bicep/README.md).
param webhookSecret = readEnvironmentVariable('Notify__WebhookSecret', '')
param enableWebhooks = false

param enableKeyVaultPurgeProtection = true

// Firewalls of storage, Key Vault and Service Bus (README "Publishing credentials, networks and sign-in"). 'Deny' needs
// appSubnetId (the app's VNet integration subnet) or the app cannot reach its own storage.
param networkDefaultAction = 'Allow'
param allowedIpRanges = []
param appSubnetId = ''
param serviceBusSku = 'Standard'

// Entra ID sign-in in front of the HTTP functions: the app registration's client id; empty keeps function keys only.
param authClientId = ''

param tags = {
  app: 'batch-inference'
  env: 'dev'
}

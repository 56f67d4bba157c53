using './main.bicep'

// Defaults for a first deployment into an empty resource group. Override on the command line, e.g.
//   --parameters main.bicepparam --parameters deployJobsSubscription=true

param namePrefix = 'bi'
param storageSkuName = 'Standard_LRS'

// Same name as Engine:QueueName in local.settings.sample.json, so local and Azure read alike.
param workQueueName = 'bi-work'
// The engine's work queue on Azure: Service Bus (durable timers are scheduled messages). 'storage' switches the
// app to the Storage queue pair instead (see functions/README.md, Engine__Queue).
param engineQueue = 'servicebus'
param maxDeliveryCount = 5

// Flex Consumption: runtime "custom" (ASP.NET Core custom handler). Confirm the version string for your region:
//   az functionapp list-flexconsumption-runtimes --location <region> --runtime custom
param functionRuntimeVersion = '1.0'
param instanceMemoryMB = 2048
param maximumInstanceCount = 40

param jobsFunctionName = 'JobDropped'
// false until the code is published: Event Grid validates that the function exists.
param deployJobsSubscription = false

// 02:00 UTC every day (Flex Consumption runs on Linux: timers are UTC).
param nightlySchedule = '0 0 2 * * *'

param openAiBaseUrl = 'https://api.openai.com/v1'
// Read from the environment at deployment time; never written into this file. Empty keeps the vault's value.
param openAiApiKey = readEnvironmentVariable('OPENAI_API_KEY', '')

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

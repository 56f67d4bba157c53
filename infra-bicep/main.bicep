// BatchInference on Azure: one resource group holding
//   storage account (jobs, work, results, ledger, reports + the job-messages queues; the Durable task hub creates its own
//   queues and tables), Service Bus (the batch-jobs intake queue), Flex Consumption Function App (.NET isolated worker
//   with Durable Functions, system-assigned identity), Event Grid job-drop subscription to the app's blob trigger,
//   Key Vault (RBAC) for the provider key and the webhook signing secret, Log Analytics + Application Insights.
// Deploy: see README.md. Everything authenticates with Entra ID; no account keys, SAS or connection strings.
targetScope = 'resourceGroup'

@description('Short prefix of every resource name (letters and digits).')
@minLength(2)
@maxLength(10)
param namePrefix string = 'bi'

@description('Region of all resources. Must offer Flex Consumption.')
param location string = resourceGroup().location

@description('Storage redundancy.')
param storageSkuName string = 'Standard_LRS'

@description('Deliveries of a job message on the Service Bus intake queue before the broker dead-letters it.')
param maxDeliveryCount int = 5

@description('Flex Consumption runtime version for runtime "dotnet-isolated" (check `az functionapp list-flexconsumption-runtimes --runtime dotnet-isolated`).')
param functionRuntimeVersion string = '10.0'

@description('Durable Functions task hub name (app setting TaskHubName, host.json durableTask.hubName); letters and digits, 3-45.')
param taskHubName string = 'bijobs'

@description('Always-ready instances of the "http" group: at least one keeps the in-worker Service Bus intake receiving (functions/README.md).')
@minValue(0)
param alwaysReadyInstances int = 1

@description('Memory per Function App instance, MB.')
param instanceMemoryMB int = 2048

@description('Maximum Function App instances.')
param maximumInstanceCount int = 40

@description('Create the Event Grid subscription to the JobDropped blob trigger. Leave false until the app\'s code is published and its host has started: the subscription\'s webhook needs the blobs_extension system key, which exists only then (see README).')
param deployJobsSubscription bool = false

@description('NCRONTAB schedule (six fields, UTC) of the Nightly timer function.')
param nightlySchedule string = '0 0 2 * * *'

@description('OpenAI-compatible base URL the app calls.')
param openAiBaseUrl string = 'https://api.openai.com/v1'

@description('OTLP endpoint (e.g. an OpenTelemetry Collector that forwards to Azure Monitor) for the pipeline\'s traces and metrics; empty: none exported.')
param otlpEndpoint string = ''

@description('OpenAI API key written to Key Vault. Empty: keep whatever the vault holds (set it with az keyvault secret set).')
@secure()
param openAiApiKey string = ''

@description('Standard Webhooks signing secret ("whsec_" + base64 of 24-64 random bytes) written to Key Vault. Empty: keep whatever the vault holds (set it with az keyvault secret set).')
@secure()
param webhookSecret string = ''

@description('Give the app Notify__WebhookSecret as a Key Vault reference, so it signs webhooks. Turn on only once the secret is in the vault (webhookSecret now or earlier, or az keyvault secret set): a reference to a missing secret reaches the app as its own text, which the app refuses at start (README).')
param enableWebhooks bool = false

@description('Key Vault purge protection (irreversible once on).')
param enableKeyVaultPurgeProtection bool = true

@description('Network default of the storage account, Key Vault and Service Bus. Allow: reachable from any network (every call still needs an Entra ID token). Deny: only allowedIpRanges, appSubnetId and trusted Azure services (Event Grid dead-lettering) get through; set appSubnetId too, or the app cannot reach its own storage.')
@allowed([
  'Allow'
  'Deny'
])
param networkDefaultAction string = 'Allow'

@description('Public IPv4 addresses or CIDR ranges let through the firewalls when networkDefaultAction is Deny, e.g. the machines that run `bi submit`/`bi report` against the account.')
param allowedIpRanges array = []

@description('Resource id of a subnet for the Function App\'s VNet integration (delegated to Microsoft.App/environments, with service endpoints Microsoft.Storage, Microsoft.KeyVault and, for a Premium namespace, Microsoft.ServiceBus). It is let through every firewall. Empty: no VNet integration.')
param appSubnetId string = ''

@description('Service Bus tier. Standard takes IP rules only; VNet rules (appSubnetId) and private networking need Premium.')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Entra ID sign-in (App Service "Easy Auth") in front of the HTTP functions: the client id of the app registration callers get tokens for. Empty: off, the HTTP functions take function keys only.')
param authClientId string = ''

@description('Tenant that issues the Easy Auth tokens.')
param authTenantId string = tenant().tenantId

@description('Token audiences Easy Auth accepts; empty: api://<authClientId>.')
param authAllowedAudiences array = []

@description('Tags on every resource.')
param tags object = {
  app: 'batch-inference'
}

// uniqueString is stable per resource group + prefix, so redeploys hit the same names. The tests evaluate `names` for
// the shortest and longest namePrefix and check each name against its service's rules (InfrastructureTemplateTests).
var suffix = uniqueString(resourceGroup().id, namePrefix)
var names = {
  storage: 'st${take(toLower(replace('${namePrefix}${suffix}', '-', '')), 22)}' // 'st' first: never shorter than 3
  serviceBus: 'sb-${namePrefix}-${suffix}'
  keyVault: 'kv-${take('${namePrefix}-${suffix}', 21)}' // 'kv-' first, so the name is never shorter than the vault's 3
  plan: 'plan-${namePrefix}-${suffix}'
  functionApp: 'func-${namePrefix}-${suffix}'
  workspace: 'log-${namePrefix}-${suffix}'
  appInsights: 'appi-${namePrefix}-${suffix}'
  systemTopic: 'evgt-${namePrefix}-${suffix}'
  // Custom topics take 3-50 characters: cut like the vault's name, so no prefix length can break it.
  jobEventsTopic: 'evgt-${take('${namePrefix}-jobs-${suffix}', 45)}'
}
var deploymentContainerName = 'app-package'
var eventDeadLetterContainerName = 'events-deadletter'
var openAiSecretName = 'openai-api-key'
var webhookSecretName = 'webhook-secret'
// What the storage, Key Vault and Service Bus firewalls let through (networkDefaultAction Deny).
var network = {
  defaultAction: networkDefaultAction
  ipRanges: allowedIpRanges
  subnetIds: empty(appSubnetId) ? [] : [
    appSubnetId
  ]
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    // uniqueString always returns 13 characters, so the name has at least 15; Bicep cannot know that.
    #disable-next-line BCP334
    storageAccountName: names.storage
    skuName: storageSkuName
    deploymentContainerName: deploymentContainerName
    eventDeadLetterContainerName: eventDeadLetterContainerName
    network: network
    tags: tags
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    location: location
    namespaceName: names.serviceBus
    maxDeliveryCount: maxDeliveryCount
    skuName: serviceBusSku
    network: network
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    keyVaultName: names.keyVault
    openAiSecretName: openAiSecretName
    openAiApiKey: openAiApiKey
    webhookSecretName: webhookSecretName
    webhookSecret: webhookSecret
    enablePurgeProtection: enableKeyVaultPurgeProtection
    network: network
    tags: tags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    planName: names.plan
    functionAppName: names.functionApp
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    runtimeVersion: functionRuntimeVersion
    alwaysReadyInstances: alwaysReadyInstances
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    subnetId: appSubnetId
    authClientId: authClientId
    authTenantId: authTenantId
    authAllowedAudiences: authAllowedAudiences
    tags: tags
  }
}

module jobEvents 'modules/jobevents.bicep' = {
  name: 'jobevents'
  params: {
    location: location
    topicName: names.jobEventsTopic
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.storageAccountName
    serviceBusNamespaceName: serviceBus.outputs.namespaceName
    jobsQueueName: serviceBus.outputs.jobsQueueName
    keyVaultName: keyVault.outputs.keyVaultName
    appInsightsName: monitoring.outputs.appInsightsName
    jobEventsTopicName: jobEvents.outputs.topicName
  }
}

module appSettings 'modules/appsettings.bicep' = {
  name: 'appsettings'
  dependsOn: [
    roles
  ]
  params: {
    functionAppName: functionApp.outputs.functionAppName
    settings: {
      // Functions host storage and the Durable task hub over the managed identity (no connection string): blobs
      // (leases, large payloads), queues (control and work-item queues) and tables (instances, history).
      AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
      AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
      AzureWebJobsStorage__tableServiceUri: 'https://${storage.outputs.storageAccountName}.table.${environment().suffixes.storage}/'
      AzureWebJobsStorage__credential: 'managedidentity'
      // host.json durableTask.hubName is %TaskHubName%; the same default as bi (Durable:TaskHubName), so bi pointed at this account finds the jobs.
      TaskHubName: taskHubName
      // Telemetry with Entra ID; the connection string alone cannot ingest (DisableLocalAuth).
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.appInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
      // The in-worker Service Bus intake (functions/…/ServiceBus/ServiceBusIntake) reads the namespace and its queue.
      ServiceBus__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
      ServiceBus__JobsQueue: serviceBus.outputs.jobsQueueName
      // Identity-based "Storage" connection: the JobDropped blob trigger and the JobMessage queue trigger
      // (Connection = "Storage") and the engine's own storage client both read these two URIs and sign in with the
      // managed identity.
      Storage__blobServiceUri: storage.outputs.blobEndpoint
      Storage__queueServiceUri: storage.outputs.queueEndpoint
      Storage__credential: 'managedidentity'
      // The Nightly timer trigger's "%NightlySchedule%" (NCRONTAB, six fields, UTC).
      NightlySchedule: nightlySchedule
      Providers__OpenAI__BaseUrl: openAiBaseUrl
      // Resolved by the platform with the app identity (Key Vault Secrets User); the key never sits in settings.
      Providers__OpenAI__ApiKey: keyVault.outputs.openAiApiKeyReference
      // Read by the worker's OpenTelemetry exporter (functions/…/Telemetry/WorkerTelemetry.cs); empty turns it off.
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint
      OTEL_SERVICE_NAME: 'batch-inference'
      // One CloudEvent per ended job to the job-events topic, published with the managed identity (EventGrid Data Sender).
      Notify__EventGrid__Endpoint: jobEvents.outputs.endpoint
    }
    optionalSettings: {
      // Left out unless enableWebhooks: App Service passes a reference to a missing secret on as the reference text,
      // which the app would refuse at start (NotifyOptions.Validate), stopping every function, not only webhooks.
      Notify__WebhookSecret: enableWebhooks ? keyVault.outputs.webhookSecretReference : ''
    }
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  params: {
    location: location
    systemTopicName: names.systemTopic
    storageAccountId: storage.outputs.storageAccountId
    storageAccountName: storage.outputs.storageAccountName
    deadLetterContainerName: eventDeadLetterContainerName
    functionAppName: functionApp.outputs.functionAppName
    deployJobsSubscription: deployJobsSubscription
    tags: tags
  }
}

output functionAppName string = functionApp.outputs.functionAppName
output functionAppHostName string = functionApp.outputs.defaultHostName
output functionAppPrincipalId string = functionApp.outputs.principalId
output storageAccountName string = storage.outputs.storageAccountName
output blobEndpoint string = storage.outputs.blobEndpoint
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output keyVaultName string = keyVault.outputs.keyVaultName
output openAiSecretName string = openAiSecretName
output webhookSecretName string = webhookSecretName
output appInsightsName string = monitoring.outputs.appInsightsName
output jobEventsTopicName string = jobEvents.outputs.topicName

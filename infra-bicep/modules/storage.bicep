// The one storage account of the pipeline (docs/architecture.md, "Storage layout"): job drops, engine state,
// results, ledger, reports, the Flex Consumption deployment package, Event Grid dead letters, and the Storage queue
// of job messages with its poison queue (the app's JobMessage queue trigger; JobMessageIntake.QueueName). The Durable
// task hub creates its own queues, tables and lease blobs at run time.
// Shared-key access is off: every caller (Functions host, our own client, Event Grid) uses Entra ID.

@description('Region of the account.')
param location string

@description('Storage account name (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Redundancy SKU.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param skuName string = 'Standard_LRS'

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Blob container Event Grid writes undeliverable events to.')
param eventDeadLetterContainerName string

@description('Days a deleted blob stays recoverable (soft delete). Results and ledger parts are paid for.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 7

@description('Firewall: defaultAction (Allow|Deny), ipRanges (CIDR strings) and subnetIds let through when it is Deny.')
param network object = {
  defaultAction: 'Allow'
  ipRanges: []
  subnetIds: []
}

param tags object = {}

// The containers of the storage layout plus the two infrastructure containers.
var dataContainerNames = [
  'jobs'
  'work'
  'results'
  'ledger'
  'reports'
]
var containerNames = concat(dataContainerNames, [
  deploymentContainerName
  eventDeadLetterContainerName
])
// The app's contract, not a choice (JobMessageIntake.QueueName and PoisonQueueName; a test compares them). Created
// here so a sender never meets a missing queue.
var queueNames = [
  'job-messages'
  'job-messages-poison'
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    // AzureServices lets the trusted Event Grid topic dead-letter with its identity when the default is Deny.
    networkAcls: {
      defaultAction: network.defaultAction
      bypass: 'AzureServices'
      ipRules: [for range in network.ipRanges: { value: range, action: 'Allow' }]
      virtualNetworkRules: [for subnetId in network.subnetIds: { id: subnetId, action: 'Allow' }]
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

output storageAccountName string = account.name
output storageAccountId string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output storageQueueNames array = queueNames

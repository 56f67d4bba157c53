// Data-plane roles of the Function App's system-assigned identity, each at the narrowest scope that works.
//
//   Storage Blob Data Contributor   account        Functions host storage (AzureWebJobsStorage: containers it
//                                                  creates, blob leases for the timer singleton, the key store),
//                                                  our own data and the Flex deployment container. Contributor
//                                                  reads, writes, deletes, leases blobs and creates containers,
//                                                  which is all the host and the engine do. Owner (which the
//                                                  Functions docs name for host storage) adds only POSIX ACL and
//                                                  ownership changes on Data Lake Gen2 accounts: this account has
//                                                  no hierarchical namespace and nothing here sets ACLs, so it is
//                                                  not granted (the Durable docs name Owner too; the same holds:
//                                                  the task hub's blobs are leases and payloads, no ACLs).
//   Storage Queue Data Contributor  account        the Durable task hub's queues (created at run time), job-messages
//                                                  and its poison queue, the blob trigger's poison queue.
//   Storage Table Data Contributor  account        the Durable task hub's instance and history tables.
//   Azure Service Bus Data Receiver batch-jobs     the in-worker intake receives submissions and settles them
//                                                  (complete, abandon, dead-letter need no more than Receiver).
//   Key Vault Secrets User          vault          resolves the @Microsoft.KeyVault(...) app-setting reference.
//   Monitoring Metrics Publisher    App Insights   Entra ID telemetry ingestion (local auth is disabled).
//   EventGrid Data Sender           job-events     publishes one CloudEvent per ended job (the topic's keys are off).
//
// Built-in role definition IDs, checked against learn.microsoft.com/azure/role-based-access-control/built-in-roles
// (storage, integration, security, monitor pages); see README.md.
var roleIds = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'
}

@description('Object (principal) id of the Function App identity.')
param principalId string

param storageAccountName string

param serviceBusNamespaceName string
param jobsQueueName string
param keyVaultName string
param appInsightsName string
param jobEventsTopicName string

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}


resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource jobsQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = {
  parent: serviceBus
  name: jobsQueueName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource blobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, roleIds.storageBlobDataContributor)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Account scope: the Durable task hub creates its queues (<hub>-control-NN, <hub>-workitems) and tables at run time,
// and the job-message queue, its poison queue and the blob trigger's poison queue sit beside them.
resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, roleIds.storageQueueDataContributor)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// The Durable task hub's instance and history tables.
resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, roleIds.storageTableDataContributor)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource jobsReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(jobsQueue.id, principalId, roleIds.serviceBusDataReceiver)
  scope: jobsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataReceiver)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, roleIds.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, roleIds.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource jobEventsTopic 'Microsoft.EventGrid/topics@2022-06-15' existing = {
  name: jobEventsTopicName
}

resource eventSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(jobEventsTopic.id, principalId, roleIds.eventGridDataSender)
  scope: jobEventsTopic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.eventGridDataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

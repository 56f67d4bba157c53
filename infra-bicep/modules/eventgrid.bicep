// Event Grid system topic on the storage account + the subscription that turns a blob dropped under
// jobs/incoming/ into a job.
//
// Destination: the app's JobDropped function, a BlobTrigger with Source = BlobTriggerSource.EventGrid
// (functions/…/Functions/JobDroppedFunction.cs). Such a trigger is fed through the blobs extension's webhook,
//   https://<host>/runtime/webhooks/blobs?functionName=Host.Functions.<function>&code=<blobs_extension system key>
// (learn.microsoft.com/azure/azure-functions/functions-event-grid-blob-trigger, "Build the endpoint URL"). The
// function binds a BlobClient, never the content: a job file can be gigabytes and the engine streams it. Job ids come
// from blob path + ETag, so a redelivered event starts no second job.
// The system key exists only once code with that trigger has been published and the host has started, and Event
// Grid validates the webhook when the subscription is created: deploy with deployJobsSubscription=false, publish,
// redeploy with true. The key is read here with listKeys, inside a ?: so it is not evaluated while the switch is off
// (a list function in a conditional resource is evaluated even when the resource is not deployed).

@description('Region of the storage account (a system topic lives with its source).')
param location string

@description('Event Grid system topic name.')
param systemTopicName string

@description('Id of the storage account that emits the events.')
param storageAccountId string

@description('Name of that storage account (for the dead-letter container scope).')
param storageAccountName string

@description('Container that receives events Event Grid could not deliver.')
param deadLetterContainerName string

@description('Name of the Function App whose JobDropped blob trigger receives the drops.')
param functionAppName string

@description('Create the subscription. False on the first deployment, before the app\'s code has started once.')
param deployJobsSubscription bool

param tags object = {}

// Storage Blob Data Contributor: the topic identity only writes dead-lettered events into one container.
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

// The app's contract, not a choice: JobDroppedFunction.Name and its trigger path jobs/incoming/{name}
// (tests/BatchInference.Infrastructure.Tests reads both from the app's assembly and compares).
var jobsFunctionName = 'JobDropped'
var jobsSubjectPrefix = '/blobServices/default/containers/jobs/blobs/incoming/'

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// Only read when the subscription is deployed (see the header).
var blobsExtensionKey = deployJobsSubscription ? listKeys('${site.id}/host/default', '2024-04-01').systemKeys.blobs_extension : ''

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storageAccount
  name: 'default'
}

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: deadLetterContainerName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: systemTopicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetterContainer.id, systemTopic.id, storageBlobDataContributor)
  scope: deadLetterContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource jobsSubscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (deployJobsSubscription) {
  parent: systemTopic
  name: 'jobs-incoming-blob-created'
  dependsOn: [
    deadLetterWriter
  ]
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'WebHook'
      properties: {
        // Event Grid keeps the URL write-only (it returns endpointBaseUrl without the query), so the key is not
        // readable back from the subscription.
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${jobsFunctionName}&code=${blobsExtensionKey}'
        // One job file per invocation: a failure retries that drop only.
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      // Sidecar <name>.job.json files match too; JobDropped treats them as settings, not as jobs.
      subjectBeginsWith: jobsSubjectPrefix
      isSubjectCaseSensitive: true
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storageAccountId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output systemTopicName string = systemTopic.name

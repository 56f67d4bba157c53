// Event Grid system topic on the storage account + the subscription that turns a blob dropped under
// jobs/incoming/ into a job.
//
// Destination: endpointType 'AzureFunction' -> an eventGridTrigger function of our app (not the blob trigger's
// /runtime/webhooks/blobs webhook), because
//  - the function receives the event (blob URL, ETag, size), never the blob content: jobs can be gigabytes and
//    docs/architecture.md (decision record 3) says "pass the blob URL, never the content";
//  - Event Grid reaches the function through ARM with no key in the template; the blob webhook needs the
//    blobs_extension system key, which exists only after code with a blob trigger has been deployed;
//  - the blob trigger would add blob receipts and a poison queue in host storage and need Storage Account
//    Contributor on top; idempotency already comes from job ids derived from blob path + ETag.
// Event Grid validates an AzureFunction destination against the deployed function, so the subscription can only
// be created once the code is published: deploy with deployJobsSubscription=false, publish, redeploy with true.

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

@description('Resource id of the Function App.')
param functionAppId string

@description('Name of the eventGridTrigger function (its function.json folder) that receives job drops.')
param jobsFunctionName string

@description('Create the subscription. False on the first deployment, before the function exists.')
param deployJobsSubscription bool

param tags object = {}

// Storage Blob Data Contributor: the topic identity only writes dead-lettered events into one container.
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

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
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionAppId}/functions/${jobsFunctionName}'
        // One job file per invocation: a failure retries that drop only.
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      // Sidecar <name>.job.json files match too; the handler ignores them as job inputs.
      subjectBeginsWith: '/blobServices/default/containers/jobs/blobs/incoming/'
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

package secretvault

import (
	"context"
	"errors"
)

// Paginators, as in the AWS SDK for Go v2:
//
//	p := secretvault.NewListSecretsPaginator(v, &secretvault.ListSecretsInput{})
//	for p.HasMorePages() {
//		page, err := p.NextPage(ctx)
//		...
//	}

var errNoMorePages = errors.New("no more pages available")

// ListSecretsAPIClient is a client that implements ListSecrets.
type ListSecretsAPIClient interface {
	ListSecrets(context.Context, *ListSecretsInput) (*ListSecretsOutput, error)
}

// ListSecretsPaginatorOptions are the options of a ListSecretsPaginator.
type ListSecretsPaginatorOptions struct {
	// The page size (MaxResults); 0 keeps the input's.
	Limit int32
	// Stop when the service returns the token it was given.
	StopOnDuplicateToken bool
}

// ListSecretsPaginator pages through ListSecrets.
type ListSecretsPaginator struct {
	options   ListSecretsPaginatorOptions
	client    ListSecretsAPIClient
	params    *ListSecretsInput
	nextToken *string
	firstPage bool
}

// NewListSecretsPaginator returns a paginator for ListSecrets.
func NewListSecretsPaginator(client ListSecretsAPIClient, params *ListSecretsInput, optFns ...func(*ListSecretsPaginatorOptions)) *ListSecretsPaginator {
	if params == nil {
		params = &ListSecretsInput{}
	}
	options := ListSecretsPaginatorOptions{}
	if params.MaxResults != nil {
		options.Limit = *params.MaxResults
	}
	for _, fn := range optFns {
		fn(&options)
	}
	return &ListSecretsPaginator{options: options, client: client, params: params,
		firstPage: true, nextToken: params.NextToken}
}

// HasMorePages reports whether NextPage has a page to return.
func (p *ListSecretsPaginator) HasMorePages() bool {
	return p.firstPage || (p.nextToken != nil && len(*p.nextToken) != 0)
}

// NextPage returns the next page.
func (p *ListSecretsPaginator) NextPage(ctx context.Context) (*ListSecretsOutput, error) {
	if !p.HasMorePages() {
		return nil, errNoMorePages
	}
	params := *p.params
	params.NextToken = p.nextToken
	params.MaxResults = nil
	if p.options.Limit > 0 {
		limit := p.options.Limit
		params.MaxResults = &limit
	}
	result, err := p.client.ListSecrets(ctx, &params)
	if err != nil {
		return nil, err
	}
	p.firstPage = false
	prev := p.nextToken
	p.nextToken = result.NextToken
	if p.options.StopOnDuplicateToken && prev != nil && p.nextToken != nil && *prev == *p.nextToken {
		p.nextToken = nil
	}
	return result, nil
}

// ListSecretVersionIdsAPIClient is a client that implements
// ListSecretVersionIds.
type ListSecretVersionIdsAPIClient interface {
	ListSecretVersionIds(context.Context, *ListSecretVersionIdsInput) (*ListSecretVersionIdsOutput, error)
}

// ListSecretVersionIdsPaginatorOptions are the options of a
// ListSecretVersionIdsPaginator.
type ListSecretVersionIdsPaginatorOptions struct {
	Limit                int32
	StopOnDuplicateToken bool
}

// ListSecretVersionIdsPaginator pages through ListSecretVersionIds.
type ListSecretVersionIdsPaginator struct {
	options   ListSecretVersionIdsPaginatorOptions
	client    ListSecretVersionIdsAPIClient
	params    *ListSecretVersionIdsInput
	nextToken *string
	firstPage bool
}

// NewListSecretVersionIdsPaginator returns a paginator for
// ListSecretVersionIds.
func NewListSecretVersionIdsPaginator(client ListSecretVersionIdsAPIClient, params *ListSecretVersionIdsInput, optFns ...func(*ListSecretVersionIdsPaginatorOptions)) *ListSecretVersionIdsPaginator {
	if params == nil {
		params = &ListSecretVersionIdsInput{}
	}
	options := ListSecretVersionIdsPaginatorOptions{}
	if params.MaxResults != nil {
		options.Limit = *params.MaxResults
	}
	for _, fn := range optFns {
		fn(&options)
	}
	return &ListSecretVersionIdsPaginator{options: options, client: client, params: params,
		firstPage: true, nextToken: params.NextToken}
}

// HasMorePages reports whether NextPage has a page to return.
func (p *ListSecretVersionIdsPaginator) HasMorePages() bool {
	return p.firstPage || (p.nextToken != nil && len(*p.nextToken) != 0)
}

// NextPage returns the next page.
func (p *ListSecretVersionIdsPaginator) NextPage(ctx context.Context) (*ListSecretVersionIdsOutput, error) {
	if !p.HasMorePages() {
		return nil, errNoMorePages
	}
	params := *p.params
	params.NextToken = p.nextToken
	params.MaxResults = nil
	if p.options.Limit > 0 {
		limit := p.options.Limit
		params.MaxResults = &limit
	}
	result, err := p.client.ListSecretVersionIds(ctx, &params)
	if err != nil {
		return nil, err
	}
	p.firstPage = false
	prev := p.nextToken
	p.nextToken = result.NextToken
	if p.options.StopOnDuplicateToken && prev != nil && p.nextToken != nil && *prev == *p.nextToken {
		p.nextToken = nil
	}
	return result, nil
}

// BatchGetSecretValueAPIClient is a client that implements
// BatchGetSecretValue.
type BatchGetSecretValueAPIClient interface {
	BatchGetSecretValue(context.Context, *BatchGetSecretValueInput) (*BatchGetSecretValueOutput, error)
}

// BatchGetSecretValuePaginatorOptions are the options of a
// BatchGetSecretValuePaginator.
type BatchGetSecretValuePaginatorOptions struct {
	Limit                int32
	StopOnDuplicateToken bool
}

// BatchGetSecretValuePaginator pages through BatchGetSecretValue.
type BatchGetSecretValuePaginator struct {
	options   BatchGetSecretValuePaginatorOptions
	client    BatchGetSecretValueAPIClient
	params    *BatchGetSecretValueInput
	nextToken *string
	firstPage bool
}

// NewBatchGetSecretValuePaginator returns a paginator for
// BatchGetSecretValue.
func NewBatchGetSecretValuePaginator(client BatchGetSecretValueAPIClient, params *BatchGetSecretValueInput, optFns ...func(*BatchGetSecretValuePaginatorOptions)) *BatchGetSecretValuePaginator {
	if params == nil {
		params = &BatchGetSecretValueInput{}
	}
	options := BatchGetSecretValuePaginatorOptions{}
	if params.MaxResults != nil {
		options.Limit = *params.MaxResults
	}
	for _, fn := range optFns {
		fn(&options)
	}
	return &BatchGetSecretValuePaginator{options: options, client: client, params: params,
		firstPage: true, nextToken: params.NextToken}
}

// HasMorePages reports whether NextPage has a page to return.
func (p *BatchGetSecretValuePaginator) HasMorePages() bool {
	return p.firstPage || (p.nextToken != nil && len(*p.nextToken) != 0)
}

// NextPage returns the next page.
func (p *BatchGetSecretValuePaginator) NextPage(ctx context.Context) (*BatchGetSecretValueOutput, error) {
	if !p.HasMorePages() {
		return nil, errNoMorePages
	}
	params := *p.params
	params.NextToken = p.nextToken
	params.MaxResults = nil
	if p.options.Limit > 0 {
		limit := p.options.Limit
		params.MaxResults = &limit
	}
	result, err := p.client.BatchGetSecretValue(ctx, &params)
	if err != nil {
		return nil, err
	}
	p.firstPage = false
	prev := p.nextToken
	p.nextToken = result.NextToken
	if p.options.StopOnDuplicateToken && prev != nil && p.nextToken != nil && *prev == *p.nextToken {
		p.nextToken = nil
	}
	return result, nil
}
